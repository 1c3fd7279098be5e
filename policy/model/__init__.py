"""The policy file as data: scalar values, the pydantic models, the rules of SPEC §3, errors
and time-zone data. The ground floor: it imports nothing else of ``policy``.
"""
