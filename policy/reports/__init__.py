"""Renderings of results: text, JSON, CSV, iCalendar and the calendar. They format what
the engine and the DST layer computed and decide nothing; never import ``policy.azure``.
"""
