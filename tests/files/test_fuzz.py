"""Fuzz properties (issue 15): hostile input only ever raises the domain's error, positioned.

Every input goes through ``read_text`` + ``loads`` as the commands do (``mutations.outcome``).
Properties: nothing but a ``PolicyError`` escapes (no crash), and every error of these
positioned formats carries a line and column. A longer campaign with counts and the
slowest input is ``benchmarks/fuzz.py``.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from policy.files import document as files
from policy.model.errors import PolicyError
from tests.files import mutations

FORMATS = st.sampled_from(["yaml", "toml", "json"])
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


def assert_clean(raw: bytes, fmt: files.Format) -> None:
    result = mutations.outcome(raw, fmt)
    assert result.kind != "crash", (raw[:200], result.detail)
    assert result.positioned, (raw[:200], result.detail)


@settings(max_examples=150)
@given(raw=st.binary(max_size=600), fmt=FORMATS)
def test_garbage_bytes_raise_only_positioned_domain_errors(raw: bytes,
                                                          fmt: files.Format) -> None:
    assert_clean(raw, fmt)


@settings(max_examples=150)
@given(text=st.text(max_size=300), fmt=FORMATS)
def test_garbage_text_raises_only_positioned_domain_errors(text: str,
                                                          fmt: files.Format) -> None:
    assert_clean(text.encode("utf-8", "surrogatepass"), fmt)


@settings(max_examples=120)
@given(seed=SEEDS, kind=st.sampled_from(sorted(mutations.GENERATORS)))
def test_mutated_examples_raise_only_positioned_domain_errors(seed: int, kind: str) -> None:
    raw, fmt = mutations.GENERATORS[kind](random.Random(seed))
    assert_clean(raw, fmt)


@settings(max_examples=60)
@given(seed=SEEDS, value=st.sampled_from(mutations.HOSTILE_VALUES))
def test_hostile_value_at_any_field_is_a_positioned_problem(seed: int, value: object) -> None:
    raw, fmt = mutations.structural(random.Random(seed), value)
    assert_clean(raw, fmt)


def test_every_example_is_accepted() -> None:
    for name, raw in mutations.SOURCES.items():
        assert mutations.outcome(raw, mutations.FORMATS[name[name.rindex("."):]]).kind == "ok"


@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_scalar_parsers_raise_only_domain_errors(text: str) -> None:
    from pydantic_core import PydanticCustomError

    from policy.model import values

    for parse in (values.parse_whole, values.parse_decimal, values.parse_iso_date,
                  values.parse_iso_datetime, values.parse_clock_time, values.parse_name,
                  values.parse_anchor):
        try:
            parse(text)
        except PydanticCustomError:
            pass
        except PolicyError:
            pass
