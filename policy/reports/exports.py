"""``retention project`` JSON, CSV and iCalendar and ``drift`` JSON, streamed from the rows.

A century of three runs a day is 110,000 runs: the documents are written in chunks straight
from ``Projection.rows`` (``policy.reports.row_text``), never as one ``Run`` object or one
dictionary per run, so that a 100-year export takes a fraction of a second and little memory.
Each writer yields the text piece by piece; the caller sends the pieces to stdout or to the
one atomic save routine. The bytes are those ``json.dumps(indent=2)``, ``csv.writer`` and
``icalendar`` write for the same values (tests keep the ``Run``-based renderers to compare).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from policy.dst.drift import DriftReport
from policy.dst.flags import FlaggedRuns
from policy.engine.offsets import DAY, seconds_of
from policy.engine.projection import Projection
from policy.engine.retention import NAMES_OF
from policy.model.models import Pricing
from policy.reports.drift import drift_json, run_json
from policy.reports.project import drift_words, kept_for, summary_json
from policy.reports.row_text import TIER_OF_BIT, RowText, wall_name

#: Rows per chunk written: large enough to amortise the writes, small enough for memory.
CHUNK = 2048
_POINTS_MARK = "\x00points\x00"
CSV_HEADER = ["frame", "instant", "local", "drift_minutes", "tiers", "governing_tier",
              "expires", "wall", "skipped"]


# --- JSON (SPEC §8) ---------------------------------------------------------------------


def json_chunks(proj: Projection, as_of: datetime, pricing: Pricing | None = None
                ) -> Iterator[str]:
    """The ``project --format json`` document with its final newline, in pieces."""
    doc = summary_json(proj, as_of, pricing)
    doc["points"] = _POINTS_MARK
    if "storage" in doc:  # SPEC §12: the storage estimate comes after the points
        doc["storage"] = doc.pop("storage")
    head, tail = json.dumps(doc, indent=2).split(json.dumps(_POINTS_MARK))
    first = True
    for batch in _point_batches(proj, seconds_of(as_of)):
        yield (head + "[\n" if first else ",\n") + ",\n".join(batch)
        first = False
    yield (head + "[]" if first else "\n  ]") + tail + "\n"


def _point_batches(proj: Projection, as_of: int) -> Iterator[list[str]]:
    """The entries of ``points`` as ``json.dumps(indent=2)`` lays them out at depth two, in
    batches of at most ``CHUNK``.

    The points at one time of day are alike but for their dates while the offset, the tiers
    and the expiry's distance stay the same (most of a century's days): that *shape*, the
    text around the four dates, is written once (``_point_shape``), and a point costs its
    dates. The shape of the last point at the same time of day is tried first; another one
    is looked up by all it depends on.
    """
    text = RowText(proj)
    days, span, tiers_json, n = text.days, text.offsets.span, _tiers_json(), DAY
    offset, since, until = 0, 0, -1
    last: dict[int, _Shape] = {}
    shapes: dict[tuple[int, ...], _Shape] = {}
    batch: list[str] = []
    append = batch.append
    for at, frame, bits, gov, expires, _, _ in proj.rows:
        if not gov:
            continue
        if not since <= at < until:
            offset, since, until = span(at)
        tod, alive = frame % n, at <= as_of < expires
        shape = last.get(tod)
        if shape is not None:
            (to_at, to_exp, was_bits, was_gov, was_offset, was_alive,
             day_at, day_wall, day_exp, after_frame, after_at, after_wall, after_exp) = shape
        if (shape is None or to_at != at - frame or to_exp != expires - frame
                or was_bits != bits or was_gov != gov or was_offset != offset
                or was_alive != alive):
            key = (tod, at - frame, expires - frame, bits, gov, offset, alive)
            shape = shapes.get(key)
            if shape is None:
                shape = shapes[key] = _point_shape(text, tiers_json, *key)
            last[tod] = shape
            (to_at, to_exp, was_bits, was_gov, was_offset, was_alive,
             day_at, day_wall, day_exp, after_frame, after_at, after_wall, after_exp) = shape
        day = frame // n
        append(f'    {{\n      "frame": "{days[day]}{after_frame}{days[day + day_at]}{after_at}'
               f"{days[day + day_wall]}{after_wall}{days[day + day_exp]}{after_exp}")
        if len(batch) == CHUNK:
            yield batch
            batch = []
            append = batch.append
    if batch:
        yield batch


_Shape = tuple[int, int, int, int, int, int, int, int, int, str, str, str, str]
"""A row's shape: its instant and expiry less its frame time (seconds), tier bits,
governing bit, offset, and whether it is alive (JSON) or its wall code (CSV); the days from
the frame date to the instant's, the local time's and the expiry's; the text after the
frame date, after the instant's, after the local time's and after the expiry's."""


def _point_shape(text: RowText, tiers_json: list[str], tod: int, to_at: int, to_exp: int,
                 bits: int, gov: int, offset: int, alive: int) -> _Shape:
    """The shape of a point at second ``tod`` of its frame date whose instant and expiry lie
    ``to_at`` and ``to_exp`` seconds after its frame time, at UTC offset ``offset``."""
    clocks, n = text.clocks, DAY
    at, wall, expires = tod + to_at, tod + to_at + offset, tod + to_exp
    return (to_at, to_exp, bits, gov, offset, bool(alive), at // n, wall // n, expires // n,
            f'{clocks[tod]}",\n      "instant": "',
            f'{clocks[at % n]}Z",\n      "local": "',
            f'{clocks[wall % n]}{text.offset_texts[offset]}",\n'
            f'      "drift_minutes": {(wall - tod) // 60},\n'
            f"      \"tiers\": {tiers_json[bits]},\n"
            f'      "governing_tier": "{TIER_OF_BIT[gov]}",\n      "expires": "',
            f'{clocks[expires % n]}Z",\n      "alive": {"true" if alive else "false"}\n    }}')


def _tiers_json() -> list[str]:
    """The ``tiers`` list of every tier bit set, laid out at depth three."""
    return [json.dumps(list(names), indent=2).replace("\n", "\n      ") for names in NAMES_OF]


def drift_json_chunks(report: DriftReport) -> Iterator[str]:
    """The ``drift --format json`` document (SPEC §8) with its final newline, in pieces: the
    flagged runs are written from the rows (``json.dumps(indent=2)``'s layout)."""
    head, tail = json.dumps(drift_json(report, runs=_POINTS_MARK), indent=2).split(
        json.dumps(_POINTS_MARK))
    first = True
    for batch in _flagged_batches(report):
        yield (head + "[\n" if first else ",\n") + ",\n".join(batch)
        first = False
    yield (head + "[]" if first else "\n  ]") + tail + "\n"


def _flagged_batches(report: DriftReport) -> Iterator[list[str]]:
    runs = report.runs
    if not isinstance(runs, FlaggedRuns):  # a report built by hand: its runs as they are
        given = [_json_item(run_json(r)) for r in runs]
        if given:
            yield given
        return
    proj = report.projection
    text = RowText(proj)
    days, clocks, offsets, span = text.days, text.clocks, text.offset_texts, text.offsets.span
    tiers_json, n = _tiers_json(), DAY
    flags_json: dict[tuple[str, ...], str] = {}
    offset, since, until = 0, 0, -1
    batch: list[str] = []
    for _, (at, frame, bits, _, _, _, skipped), flags, _ in runs.facts():
        found = flags_json.get(flags)
        if found is None:
            found = flags_json[flags] = json.dumps(list(flags), indent=2).replace(
                "\n", "\n      ")
        planned = f'    {{\n      "frame": "{days[frame // n]}{clocks[frame % n]}",\n'
        if skipped:
            where = ('      "instant": null,\n      "local": null,\n'
                     '      "drift_minutes": null,\n')
        else:
            if not since <= at < until:
                offset, since, until = span(at)
            wall = at + offset
            where = (f'      "instant": "{days[at // n]}{clocks[at % n]}Z",\n'
                     f'      "local": "{days[wall // n]}{clocks[wall % n]}{offsets[offset]}",\n'
                     f'      "drift_minutes": {(wall - frame) // 60},\n')
        batch.append(f'{planned}{where}      "flags": {found},\n'
                     f'      "tiers": {tiers_json[bits]}\n    }}')
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _json_item(value: Any) -> str:
    """One list item of a document laid out by ``json.dumps(indent=2)`` at depth two."""
    return "    " + json.dumps(value, indent=2).replace("\n", "\n    ")


# --- CSV --------------------------------------------------------------------------------


def csv_chunks(proj: Projection) -> Iterator[str]:
    """Every run (recovery point or not) as CSV with a header row; tiers joined by ``+``.

    No field can hold a comma, a quote or a line break (ISO times, tier names, numbers), so
    ``csv.writer``'s minimal quoting writes them bare, as here. Rows are written from
    shapes, the text around their dates, as the JSON points are (``_point_batches``).
    """
    text = RowText(proj)
    days, clocks, span, n = text.days, text.clocks, text.offsets.span, DAY
    names = ["+".join(n) for n in NAMES_OF]
    yield ",".join(CSV_HEADER) + "\n"
    batch: list[str] = []
    append = batch.append
    offset, since, until = 0, 0, -1
    last: dict[int, _Shape] = {}
    shapes: dict[tuple[int, ...], _Shape] = {}
    for at, frame, bits, gov, expires, code, skipped in proj.rows:
        if skipped:
            append(f"{days[frame // n]}{clocks[frame % n]},,,,{names[bits]},,,"
                   f"{wall_name(code)},true\n")
        else:
            if not since <= at < until:
                offset, since, until = span(at)
            tod, to_exp = frame % n, expires - frame if gov else 0
            shape = last.get(tod)
            if shape is not None:
                (to_at, was_exp, was_bits, was_gov, was_offset, was_code,
                 day_at, day_wall, day_exp, after_frame, after_at, after_wall, after_exp) = shape
            if (shape is None or to_at != at - frame or was_exp != to_exp or was_bits != bits
                    or was_gov != gov or was_offset != offset or was_code != code):
                key = (tod, at - frame, to_exp, bits, gov, offset, code)
                shape = shapes.get(key)
                if shape is None:
                    shape = shapes[key] = _row_shape(text, names, *key)
                last[tod] = shape
                (to_at, was_exp, was_bits, was_gov, was_offset, was_code,
                 day_at, day_wall, day_exp, after_frame, after_at, after_wall, after_exp) = shape
            day = frame // n
            if gov:
                append(f"{days[day]}{after_frame}{days[day + day_at]}{after_at}"
                       f"{days[day + day_wall]}{after_wall}{days[day + day_exp]}{after_exp}")
            else:  # no expiry: the text after the local time is the row's end
                append(f"{days[day]}{after_frame}{days[day + day_at]}{after_at}"
                       f"{days[day + day_wall]}{after_wall}")
        if len(batch) == CHUNK:
            yield "".join(batch)
            batch = []
            append = batch.append
    yield "".join(batch)


def _row_shape(text: RowText, names: list[str], tod: int, to_at: int, to_exp: int, bits: int,
               gov: int, offset: int, code: int) -> _Shape:
    """The shape of a CSV row (``_Shape``; ``code`` in place of alive, and for a row that
    is no point, the end of the row after its local time)."""
    clocks, n = text.clocks, DAY
    at, wall, expires = tod + to_at, tod + to_at + offset, tod + to_exp
    after_wall = (f"{clocks[wall % n]}{text.offset_texts[offset]},{(wall - tod) // 60},"
                  f"{names[bits]},{TIER_OF_BIT[gov] or ''},")
    end = f",{wall_name(code)},false\n"
    if not gov:
        after_wall += end
    return (to_at, to_exp, bits, gov, offset, code, at // n, wall // n, expires // n,
            f"{clocks[tod]},", f"{clocks[at % n]}Z,", after_wall,
            f"{clocks[expires % n]}Z{end}" if gov else "")


# --- iCalendar --------------------------------------------------------------------------


def ics_chunks(proj: Projection) -> Iterator[str]:
    """An iCalendar file (RFC 5545): one event per recovery point, with its tiers and expiry.

    Written as ``icalendar`` writes the same calendar (property order, escaping, lines
    folded at 75 octets), which the tests check; the text is UTF-8 with CRLF line ends.
    """
    policy = proj.policy
    name, uid_name = policy.name, policy.name.replace(" ", "_")
    yield _lines(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//retention//recovery points//EN",
                  f"X-WR-CALNAME:{_escape(f'{name} recovery points')}"])
    text = RowText(proj)
    days, clocks, offsets, span = text.days, text.clocks, text.offset_texts, text.offsets.span
    stamp = _compact(text.naive(seconds_of(proj.start))) + "Z"
    kept = _KeptWords(text)
    tail = _escape(f"; tzdata {proj.tzdata}")
    tier_words = [", ".join(n) for n in NAMES_OF]
    summaries = [f"SUMMARY:{_escape(f'Recovery point ({t})')}\r\n" for t in tier_words]
    categories = [f"CATEGORIES:{','.join(_escape(t) for t in n)}\r\n" for n in NAMES_OF]
    batch: list[str] = []
    offset, since, until = 0, 0, -1
    for at, frame, bits, gov, expires, _, _ in proj.rows:
        if not gov:
            continue
        if not since <= at < until:
            offset, since, until = span(at)
        wall = at + offset
        start = _compact(days[at // DAY] + clocks[at % DAY]) + "Z"
        day, clock = days[frame // DAY], clocks[frame % DAY]
        description = _escape(
            f"Policy {name}; taken {days[wall // DAY]}{clocks[wall % DAY]}{offsets[offset]} "
            f"(planned {day} {clock[1:6]}, drift {drift_words((wall - frame) // 60)}); tiers "
            f"{tier_words[bits]}; kept by {TIER_OF_BIT[gov]} until "
            f"{days[expires // DAY]}{clocks[expires % DAY]}Z ({kept(at, expires)})") + tail
        uid = _escape(f"{start}-{day.replace('-', '')}T{clock[1:3]}{clock[4:6]}-{uid_name}"
                      "@retention")
        batch.append(f"BEGIN:VEVENT\r\n{summaries[bits]}DTSTART:{start}\r\nDTEND:{start}\r\n"
                     f"DTSTAMP:{stamp}\r\n{fold('UID:' + uid)}\r\n{categories[bits]}"
                     f"{fold('DESCRIPTION:' + description)}\r\nEND:VEVENT\r\n")
        if len(batch) == CHUNK:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + "END:VCALENDAR\r\n"


def _compact(iso: str) -> str:
    """``20260104T200000`` from ``2026-01-04T20:00:00`` (iCalendar's basic format)."""
    return iso.replace("-", "").replace(":", "")


def _escape(value: str) -> str:
    """iCalendar TEXT escaping, as ``icalendar`` does it."""
    return (value.replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
            .replace("\r\n", r"\n").replace("\n", r"\n"))


def _lines(lines: list[str]) -> str:
    return "".join(fold(line) + "\r\n" for line in lines)


def fold(line: str, limit: int = 75) -> str:
    """A content line folded at ``limit`` octets (RFC 5545 §3.1), exactly as ``icalendar``
    folds it: pieces of ``limit - 1`` characters joined by CRLF and a space, and an escape
    character (``\\`` or ``^``) that would end a piece moved to the next one."""
    if len(line) < limit:
        return line
    if not line.isascii():  # octets, not characters: let the library count them
        from icalendar.parser.string import _foldline

        folded: str = _foldline(line, limit)
        return folded
    width = limit - 1
    pieces: list[str] = []
    start, n = 0, len(line)
    while n - start > width:
        piece = line[start:start + width]
        if width > 1 and piece[-1] in "\\^":
            piece = piece[:-1]
        pieces.append(piece)
        start += len(piece)
    pieces.append(line[start:])
    return "\r\n ".join(pieces)


class _KeptWords:
    """``kept_for`` of two POSIX instants, cached on what its answer depends on.

    ``kept_for`` takes the calendar difference of two UTC datetimes (pendulum's
    ``precise_diff``). It depends on the start's month, day and time of day, the end's month,
    day and time of day, the difference of the years, and whether the end's year is a leap
    year (the length of February before a March end). Points a day apart share that key, so
    a century of daily points costs a few thousand calls instead of 110,000.
    """

    def __init__(self, text: RowText) -> None:
        self._naive = text.naive
        self._cache: dict[tuple[Any, ...], str] = {}

    def __call__(self, start: int, end: int) -> str:
        a, b = self._naive(start), self._naive(end)
        year = int(b[:4])
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        key = (a[5:], b[5:], year - int(a[:4]), leap)
        found = self._cache.get(key)
        if found is None:
            from policy.engine.offsets import instant_of

            found = self._cache[key] = kept_for(instant_of(start), instant_of(end))
        return found
