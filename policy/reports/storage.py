"""The storage estimate in words and as JSON (SPEC §12), for ``retention project`` and the
designer.

Every figure is labelled an estimate and printed with the inputs it rests on, so that a
reader can tell a sizing from a bill and re-run it with their own measured change rate.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from policy.engine.billing import Cost
from policy.engine.storage_report import StorageReport
from policy.model.models import Data
from policy.reports.project import iso_utc

__all__ = ["cost_text", "inputs_text", "storage_json", "storage_lines"]


def inputs_text(data: Data) -> list[str]:
    """The inputs in two short lines: ``800 GB; 2 %/day on a hot set of 10 % (default: 5 ×
    change)`` and ``growth 0 %/year; compression 0 %``."""
    hot = f"{data.hot:g} %" + (" (default: 5 × change)" if data.hot_percent is None else "")
    return [f"{data.size_gb:,.6g} GB; {data.daily_change_percent:g} %/day on a hot set of {hot}",
            f"growth {data.yearly_growth_percent:g} %/year; compression "
            f"{data.compression_percent:g} %"]


def _money(value: float, currency: str) -> str:
    return f"{value:,.2f}" + (f" {currency}" if currency else "")


def cost_text(cost: Cost) -> str:
    """``12.34 EUR a month (instances 10.00 + storage 2.34)``; a part without a price is
    named as such."""
    parts = []
    if cost.instances is not None:
        parts.append(f"instances {_money(cost.instances, '')}")
    if cost.storage is not None:
        parts.append(f"storage {_money(cost.storage, '')}")
    missing = " ".join(f"(no {w} price)" for w, v in
                       (("instance", cost.instances), ("storage", cost.storage)) if v is None)
    return (f"{_money(cost.total, cost.currency)} a month ({' + '.join(parts)})"
            + (f" {missing}" if missing else ""))


def _instances(report: StorageReport) -> str:
    n = report.instances
    kind = "small (≤ 50 GB) " if report.small_instance else ""
    return (f"{n:,} {kind}protected instance{'s' if n != 1 else ''} "
            f"({report.size_gb:,.0f} GB protected)")


def storage_lines(report: StorageReport, data: Data, zone: tzinfo) -> list[str]:
    """The estimate as short plain lines (no markup), each within 80 columns."""
    def day(at: datetime) -> str:
        return f"{at.astimezone(zone):%Y-%m-%d}"

    held = (f"~{report.as_of_gb:,.0f} GB held" if report.as_of_gb > 0
            else "nothing held (no point is alive)")
    lines = [
        f"Storage (an estimate): {held} at {day(report.as_of)}",
        f"  steady-state peak ~{report.peak_gb:,.0f} GB, first on {day(report.peak_at)} "
        f"(vault filled by {day(report.window_end)})",
        f"  billing: {_instances(report)}",
        f"  {report.gb_months:,.0f} GB-months held over the horizon",
    ]
    if report.cost is not None and report.peak_cost is not None:
        lines.append(f"  cost at {day(report.as_of)}: {cost_text(report.cost)}")
        lines.append(f"  cost at the peak: {cost_text(report.peak_cost)}")
    else:
        lines.append("  cost: needs prices (--price-instance, --price-gb-month or pricing:)")
    first, second = inputs_text(data)
    lines += [f"  inputs: {first}", f"          {second}"]
    return lines


def storage_json(report: StorageReport) -> dict[str, Any]:
    """The ``storage`` object of ``project --format json`` (SPEC §12)."""
    out: dict[str, Any] = {
        "estimate": True, "inputs": report.inputs,
        "as_of_gb": round(report.as_of_gb, 3), "peak_gb": round(report.peak_gb, 3),
        "peak_at": iso_utc(report.peak_at), "instances": report.instances,
        "instance_size_gb": round(report.size_gb, 3),
        "gb_months": round(report.gb_months, 3),
        "series": [{"month": s.month, "points": s.points,
                    "gb": None if s.gb is None else round(s.gb, 3)} for s in report.series],
    }
    if report.cost is not None and report.peak_cost is not None:
        out["cost"] = {"currency": report.cost.currency,
                       "monthly_at_as_of": _cost_json(report.cost),
                       "monthly_at_peak": _cost_json(report.peak_cost)}
    return out


def _cost_json(cost: Cost) -> dict[str, float | None]:
    def money(v: float | None) -> float | None:
        return None if v is None else round(v, 2)

    return {"instances": money(cost.instances), "storage": money(cost.storage),
            "total": round(cost.total, 2)}
