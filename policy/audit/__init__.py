"""Findings about a valid policy: the warnings of validate, the requirement checker,
policy synthesis and change impact (SPEC §3, §9-§11). Imports every layer below the CLI.
"""
