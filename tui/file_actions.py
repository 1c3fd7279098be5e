"""The designer's file actions: save, save as, open, new, quit, and writing exports.

A mixin of ``DesignerApp``: it holds what touches files, the app holds the editing and
the views. Every write goes through ``Session.save`` or ``policy.files.document.write_atomic``
(a temporary file renamed over the target), every replacement of unsaved work or of an
existing file asks first, a file changed on disk since it was opened is never silently
overwritten (reload, overwrite or save as), a FIFO or device is never opened, and a failed
write is a toast, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from policy.files.document import same_file
from policy.files.reader import not_regular
from policy.model.errors import PolicyError, PolicyFileError, Problem
from tui import draft
from tui.keys import OrderedKeys
from tui.screens import changed_on_disk as changed
from tui.screens.changed_on_disk import ChangedOnDisk as ChangedOnDiskScreen
from tui.screens.confirm import Confirm
from tui.screens.file_prompt import FilePrompt
from tui.session import ChangedOnDisk, Session


class FileActions(OrderedKeys):
    """Save, open, new and quit, with the unsaved-changes guard; ``write_after_prompt``."""

    session: Session
    today: date

    def show_session(self) -> None:
        """Put the (new) session's draft in the form and validate it (the app's part)."""
        raise NotImplementedError

    def blocking_problems(self) -> list[Problem]:
        """The findings that make ``retention validate`` reject the draft (the app's part)."""
        raise NotImplementedError

    def update_title(self) -> None:
        """Show the file name, the unsaved-changes dot and the validity (the app's part)."""
        raise NotImplementedError

    # --- save ------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.session.path is None:
            self.action_save_as()
            return
        self._save(None)

    def action_save_as(self) -> None:
        name = draft.get(self.session.draft, ("name",), "policy")
        suggested = self.session.path or f"{name}.yaml"
        self.push_screen(FilePrompt("Save as (.yaml, .toml, .json)", str(suggested)),
                         self._save_as_chosen)

    def _save_as_chosen(self, path: str | None) -> None:
        if not path:
            return
        if path != self.session.path:
            self.confirm_replace(path, lambda: self._save(path))
            return
        self._save(path)

    def _save(self, path: str | None, overwrite: bool = False) -> bool:
        errors = self.blocking_problems()
        try:
            saved = self.session.save(path, errors, overwrite=overwrite)
        except ChangedOnDisk:
            self.push_screen(ChangedOnDiskScreen(self.session.display_name),
                             self._changed_on_disk)
            return False
        except PolicyError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return False
        if errors:
            self.notify("\n".join(f"• {p.loc}: {p.message}" for p in errors),
                        title=f"Saved {saved}, which retention validate rejects",
                        severity="warning", timeout=15)
        else:
            self.notify(f"Saved {saved}")
        self.update_title()
        return True

    def _changed_on_disk(self, choice: str | None) -> None:
        """Act on the answer to "changed on disk": reload, overwrite or save as."""
        path = self.session.path
        if choice == changed.RELOAD and path is not None:
            self._replace(Session.open(path, self.today))
            self.notify(f"Reloaded {self.session.display_name} from disk")
        elif choice == changed.OVERWRITE:
            self._save(None, overwrite=True)
        elif choice == changed.SAVE_AS:
            self.action_save_as()

    # --- open, new, quit ----------------------------------------------------------------------

    def action_open(self) -> None:
        self._guard(lambda: self.push_screen(FilePrompt("Open a policy file"), self._open))

    def action_new(self) -> None:
        self._guard(lambda: self._replace(Session.new(self.today)))

    def _open(self, path: str | None) -> None:
        if not path:
            return
        kind = not_regular(path)
        if kind is not None:  # a FIFO would block the whole designer; nothing is replaced
            self.notify(f"{path} {kind}, not a policy file; open a regular file.",
                        title="Not opened", severity="error", timeout=8)
            return
        self._replace(Session.open(path, self.today))

    def _replace(self, session: Session) -> None:
        self.session = session
        self.show_session()

    def _guard(self, then: Callable[[], Any]) -> None:
        """Run ``then`` after asking what to do with unsaved changes (if any)."""
        if not self.session.dirty:
            then()
            return

        def answer(choice: str | None) -> None:
            if choice == "discard" or (choice == "save" and self._save_or_ask()):
                then()

        self.push_screen(Confirm(f"{self.session.display_name} has unsaved changes.",
                                 [("save", "Save"), ("discard", "Discard"),
                                  ("cancel", "Cancel")]), answer)

    def _save_or_ask(self) -> bool:
        if self.session.path is None:
            self.action_save_as()
            return False
        return self._save(None)

    async def action_quit(self) -> None:
        self._guard(self.exit)

    # --- writing other files ---------------------------------------------------------------

    def confirm_replace(self, path: str, then: Callable[[], Any]) -> None:
        """Run ``then`` at once for a new file, after a yes for an existing one."""
        if not Path(path).exists():
            then()
            return

        def answer(choice: str | None) -> None:
            if choice == "replace":
                then()

        self.push_screen(Confirm(f"{path} exists. Replace it?",
                                 [("replace", "Replace"), ("cancel", "Cancel")]), answer)

    def write_after_prompt(self, title: str, suggested: str, text: str,
                           notes: list[str]) -> None:
        """Ask where to write ``text`` (an export), write it atomically, show ``notes``."""

        def chosen(path: str | None) -> None:
            if not path:
                return
            own = self.session.path
            if own is not None and same_file(path, own):
                self.notify(f"{path} is the policy being edited: export to another file "
                            "(ctrl+s saves the policy).", severity="error", timeout=8)
                return
            self.confirm_replace(path, lambda: self._write(path, text, notes))

        self.push_screen(FilePrompt(title, suggested), chosen)

    def _write(self, path: str, text: str, notes: list[str]) -> None:
        from policy.files.document import write_atomic

        try:
            write_atomic(path, text, not_over=[self.session.path] if self.session.path else [])
        except PolicyFileError as exc:
            self.notify(f"cannot write {path}: {exc.message}", title="Not written",
                        severity="error", timeout=8)
            return
        if notes:
            self.notify("\n".join(f"• {n}" for n in notes), title=f"Wrote {path}; note",
                        severity="warning", timeout=15)
        else:
            self.notify(f"Wrote {path}")

    def export_name(self, suffix: str, fallback: str) -> str:
        """A path beside the policy file for an export: ``berlin.azure.json``."""
        own = self.session.path
        base = Path(own) if own else Path(f"{fallback}.yaml")
        target = base.with_name(base.stem + suffix)
        return str(target)
