"""retention: design, validate and project Azure Backup retention policies.

The domain package. It never imports Textual; the terminal designer lives in ``tui``.
"""

__version__ = "0.1.0"
