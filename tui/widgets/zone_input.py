"""Completion of time zone names: IANA names first, then Windows IDs (as Azure stores them)."""

from __future__ import annotations

from textual.suggester import Suggester

from policy.model.zones import completions


class ZoneSuggester(Suggester):
    """Suggest the first zone name that starts with what was typed (case-insensitive)."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        low = value.lower()
        for name in completions(value, limit=50):
            if name.lower().startswith(low):
                return name
        return None
