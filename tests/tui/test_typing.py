"""Keys typed with no delay are applied in order, however busy the designer is (issue 14).

``burst`` sends a whole sequence at once, as a terminal does for fast typing or a held
key; every field and the draft must then hold exactly what was typed.
"""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import burst, designer, settle


def keys(text: str) -> list[str]:
    """The key names of ``text`` (one per character)."""
    return list(text)


async def _typed(pilot, selector: str, sequence: list[str]) -> str:  # type: ignore[no-untyped-def]
    inp = pilot.app.query_one(selector, Input)
    inp.focus()
    await pilot.pause()
    burst(pilot.app, sequence)
    await settle(pilot)
    await settle(pilot)
    return inp.value


async def test_fast_typing_with_backspace_and_ctrl_u(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        keep = "#f-retention-daily-keep"
        assert await _typed(pilot, keep, ["ctrl+u", "3", "0", "backspace", "5"]) == "35"
        assert app.session.draft["retention"]["daily"]["keep"] == 35
        assert await _typed(pilot, keep, ["ctrl+u", "8", "1"]) == "81"
        assert app.session.draft["retention"]["daily"]["keep"] == 81
        # A long sequence: held backspace, retyping, ctrl+u in the middle, cursor keys.
        sequence = ["end", *["backspace"] * 6, *keys("1234"), "backspace", "backspace",
                    "ctrl+u", *keys("9999"), "backspace", "left", "backspace", "7", "end",
                    "9"]
        assert await _typed(pilot, keep, sequence) == "9799"
        assert app.session.draft["retention"]["daily"]["keep"] == 9799
        assert app.policy is not None and app.policy.retention.daily is not None
        assert app.policy.retention.daily.keep == 9799
        # Other fields: a text field and a list field.
        assert await _typed(pilot, "#f-name", ["ctrl+u", *keys("finance-shar"), "x",
                                               "backspace", "e"]) == "finance-share"
        assert app.session.draft["name"] == "finance-share"
        times = ["ctrl+u", *keys("22:00, 23:3"), "5", "backspace", "0"]
        assert await _typed(pilot, "#f-schedule-times", times) == "22:00, 23:30"
        assert app.session.draft["schedule"]["times"] == ["22:00", "23:30"]
        assert app.policy is not None


async def test_fast_typing_during_a_heavy_analysis(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _typed(pilot, "#f-schedule-times", ["ctrl+u", *keys("01:00, 09:00, 17:00")])
        await _typed(pilot, "#f-retention-daily-keep", ["ctrl+u", *keys("3000")])
        assert app.policy is not None and len(app.policy.schedule.times) == 3
        # Each key below starts a new 3-runs-a-day, keep-3000 analysis in the worker.
        inp = app.query_one("#f-retention-daily-keep", Input)
        inp.focus()
        burst(app, ["backspace", "backspace", "1", "5", "backspace", "7", "ctrl+u", "2",
                    "9", "9", "8", "backspace", "9"])
        await pilot.pause()
        burst(app, [*keys("0"), "backspace", "backspace", "8"])
        await settle(pilot)
        await settle(pilot)
        assert inp.value == "2998"
        assert app.session.draft["retention"]["daily"]["keep"] == 2998
        assert app.analysis is not None and app.analysis.policy == app.policy
        assert app.policy is not None and app.policy.retention.daily is not None
        assert app.policy.retention.daily.keep == 2998


async def test_text_typed_after_tab_lands_in_the_next_field(example) -> None:  # type: ignore[no-untyped-def]
    """Tab and shift+tab move the focus before the keys typed after them are applied."""
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        chain = [w.id for w in app.screen.focus_chain]
        back = chain.index("f-retention-daily-keep") - chain.index("f-schedule-times")
        keep = app.query_one("#f-retention-daily-keep", Input)
        keep.focus()
        await pilot.pause()
        burst(app, ["ctrl+u", *keys("9999"), *["shift+tab"] * back, "ctrl+u",
                    *keys("01:00, 09:00, 17:00"), *["tab"] * back, "backspace", "8"])
        await settle(pilot)
        await settle(pilot)
        assert app.query_one("#f-schedule-times", Input).value == "01:00, 09:00, 17:00"
        assert keep.value == "9998" and app.focused is keep
        assert app.session.draft["schedule"]["times"] == ["01:00", "09:00", "17:00"]
        assert app.session.draft["retention"]["daily"]["keep"] == 9998


async def test_keys_typed_before_the_first_field_has_the_focus_go_into_it(example) -> None:  # type: ignore[no-untyped-def]
    """The first field takes the focus after the first frame; a key that comes sooner (a
    user typing as the designer opens) goes into it, not nowhere."""
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.set_focus(None)
        app._started = False  # as before the first frame
        burst(app, ["ctrl+u", *keys("early-bird")])
        await settle(pilot)
        assert app.query_one("#f-name", Input).value == "early-bird"
        assert app.session.draft["name"] == "early-bird"
        assert app.focused is app.query_one("#f-name")


async def test_keys_typed_after_a_view_key_land_in_the_view(example) -> None:  # type: ignore[no-untyped-def]
    """F6 then a date at once: the date goes into the as-of field (made by that F6), not
    into the form field being left; Escape then text goes back into that field."""
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        name = app.query_one("#f-name", Input)
        assert app.focused is name
        burst(app, ["f6", "ctrl+u", *keys("2026-06-01")])
        await settle(pilot)
        await settle(pilot)
        assert app.query_one("#as-of", Input).value == "2026-06-01"
        assert name.value == "file-server-nightly"
        assert app.as_of is not None and app.as_of.isoformat() == "2026-06-01"
        burst(app, ["escape", "end", *keys("-x")])
        await settle(pilot)
        assert name.value == "file-server-nightly-x"
        assert app.query_one("#as-of", Input).value == "2026-06-01"
        assert app.session.draft["name"] == "file-server-nightly-x"
