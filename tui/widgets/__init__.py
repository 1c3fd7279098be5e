"""Widgets of the designer: the policy form, its building blocks and the live views."""
