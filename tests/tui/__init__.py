"""Tests of the Textual designer (Pilot and SVG snapshots)."""
