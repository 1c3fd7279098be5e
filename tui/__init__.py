"""The Textual designer for retention policies (``retention design``)."""
