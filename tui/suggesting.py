"""The palette's "Suggest a policy from these requirements" (SPEC §10, ``retention suggest``).

``policy.audit.suggest.suggest`` takes 0.5-2 s, so it runs in a worker; the designer says
"computing…" meanwhile. The winner and its alternatives are then shown, and only after a
yes do they replace the form's schedule and retention: one undo step (ctrl+z brings the
old ones back). The search first keeps the form's run times (the first one preferred, as
``retention suggest --times``); when no policy meets the requirements at those times (DST
breaks them), it searches every half hour (inside the form's window, if any) and says why.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.worker import get_current_worker

from policy.files.document import to_data
from policy.model.errors import PolicyError
from policy.model.models import Policy
from tui.file_actions import FileActions
from tui.screens.report import ReportScreen


def run_suggest(policy: Policy, start: Any, tz: Any) -> tuple[Any, str | None]:
    """The suggestion for ``policy``'s requirements; and, when the form's own times could
    not meet them, why (the search then used any half hour)."""
    from policy.audit.suggest import suggest

    def attempt(times: Any) -> Any:
        return suggest(policy.requirements, policy.timezone, policy.target, times,
                       policy.window, start, tz, policy.data, name=policy.name)

    times = list(policy.schedule.times) if policy.window is None else None
    first = attempt(times or None)
    if first.found or not times:
        return first, None
    return attempt(None), first.infeasible


def suggestion_lines(result: Any, passed_over: str | None) -> list[str]:
    """The winner, its alternatives and the reasons, in words (as ``retention suggest``)."""
    lines = [f"Winner: {result.words}: peak {result.peak:,} points"]
    if result.storage_gb is not None:
        lines.append(f"  storage at the peak (estimate): {result.storage_gb:,.0f} GB")
    times = ", ".join(t.strftime("%H:%M") for t in result.policy.schedule.times)
    lines.append(f"  runs {result.policy.schedule.frequency.value} at {times}")
    for tier, labels in result.serves.items():
        lines.append(f"  {tier} serves: {'; '.join(labels)}")
    if result.alternatives:
        lines.append("Alternatives: " + "; ".join(f"{a.words}: peak {a.peak:,}"
                                                   for a in result.alternatives))
    if passed_over:
        lines.append(f"Not at the form's times: {passed_over}")
    lines.extend(f"Why this time: {r}" for r in result.reasons)
    return lines


class Suggesting(FileActions):
    """``action_suggest`` and its worker (a mixin of ``DesignerApp``)."""

    policy: Policy | None
    tz: Any
    history: Any

    def replace_parts(self, new: Policy, parts: tuple[str, ...], what: str) -> None:
        """Replace some top-level sections of the draft by ``new``'s (the app's part)."""
        raise NotImplementedError

    def action_suggest(self) -> None:
        policy = self.policy
        if policy is None:
            self.notify("Fix the problems first: the suggestion starts from a valid policy.",
                        severity="error")
            return
        if not policy.requirements:
            self.notify("Add requirements first (the form's REQUIREMENTS section): the "
                        "suggestion meets them at the lowest peak.", severity="warning")
            return
        self.notify("Suggesting a policy… computing (about a second).", timeout=4)
        self.suggest_worker(policy)

    @work(thread=True, exclusive=True, exit_on_error=False, group="suggest")
    def suggest_worker(self, policy: Policy) -> None:
        try:
            result, passed_over = run_suggest(policy, self.today, self.tz)
        except (PolicyError, ValueError, KeyError) as exc:
            self.call_from_thread(self.notify, f"No suggestion: {exc}", severity="error")
            return
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._offer, policy, result, passed_over)

    def _offer(self, asked: Policy, result: Any, passed_over: str | None) -> None:
        if not result.found:
            self.notify(f"No policy can meet these requirements: {result.infeasible}",
                        title="No suggestion", severity="error", timeout=15)
            return
        head = "Suggested policy: replace the form's schedule and retention with it?"
        if self.policy != asked:
            head = "Suggested for the form as it was when asked (it changed since): replace?"

        def answer(choice: str | None) -> None:
            if choice == "replace":
                self.replace_parts(result.policy, ("schedule", "retention"),
                                   "suggested policy")

        self.push_screen(ReportScreen(head, suggestion_lines(result, passed_over),
                                      [("replace", "Replace (ctrl+z undoes it)"),
                                       ("cancel", "Keep mine")]), answer)


def section_data(policy: Policy, parts: tuple[str, ...]) -> dict[str, Any]:
    """The draft form of some sections of ``policy`` (absent ones as None)."""
    data = to_data(policy)
    return {p: data.get(p) for p in parts}
