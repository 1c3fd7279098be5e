"""DST analysis: offset transitions, run flags, tier effects, robust times and the drift
report with its remedies (SPEC §6).
Imports ``policy.engine``, ``policy.files`` and ``policy.model``.
"""
