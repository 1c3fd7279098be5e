"""The projection engine: UTC offsets, the frame of runs, tiers and expiry, the inventory
(alive, peak) and the storage estimate (SPEC §4, §5, §12). Imports only ``policy.model``.
"""
