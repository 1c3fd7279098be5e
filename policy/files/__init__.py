"""Policy files on disk: parsing YAML/TOML/JSON with positions, and atomic, comment-keeping
saves. Imports only ``policy.model``.
"""
