"""Reading the requirements file of ``retention suggest``, with positions like a policy's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policy.files.formats import Format, format_of, parse, read_text
from policy.model.errors import PolicyInvalid
from policy.model.suggest_request import SuggestRequest, build_request
from policy.model.validation import Locator

__all__ = ["LoadedRequest", "load_request", "loads_request"]


@dataclass(frozen=True)
class LoadedRequest:
    request: SuggestRequest
    path: str
    format: Format
    locate: Locator | None = None


def load_request(path: str | Path) -> LoadedRequest:
    """Load and validate a requirements file; raise ``PolicyFileError``/``PolicyInvalid``."""
    text = read_text(path)
    return loads_request(text, str(path), format_of(path, text))


def loads_request(text: str, name: str = "<text>", fmt: Format = "yaml") -> LoadedRequest:
    data, _, locate = parse(text, name, fmt)
    try:
        request = build_request(data, locate)
    except PolicyInvalid as exc:
        exc.path = name
        raise
    return LoadedRequest(request, name, fmt, locate)
