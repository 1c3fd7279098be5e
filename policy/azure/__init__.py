"""Azure interop: the REST vocabulary, import and export of policy bodies, the MARS
PowerShell script and its guard, and the MARS support-matrix checks. Imports the DST layer
and below, never ``policy.reports``.
"""
