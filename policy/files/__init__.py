"""Policy files on disk: the one bounded reader (``reader``), parsing YAML/TOML/JSON with
positions, and the one atomic, comment-keeping save routine (``saving``). Imports only
``policy.model``.
"""
