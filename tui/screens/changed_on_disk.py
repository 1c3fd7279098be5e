"""The question asked when the file being saved was changed by another program meanwhile.

Saving would silently replace that program's edit (and its comments), so the designer
asks: reload the file from disk (dropping the designer's edits), overwrite it anyway, or
save the designer's policy under another name. Escape cancels and changes nothing.
"""

from __future__ import annotations

from tui.screens.confirm import Confirm

#: Button ids, which ``FileActions`` acts on.
RELOAD, OVERWRITE, SAVE_AS, CANCEL = "reload", "overwrite", "save-as", "cancel"


class ChangedOnDisk(Confirm):
    """Reload, overwrite or save as; dismisses with one of the ids above."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"{name} was changed on disk since it was opened (by another program?). "
            "Reload it (your edits here are dropped), overwrite it (its changes are lost), "
            "or save your policy under another name?",
            [(SAVE_AS, "Save as…"), (RELOAD, "Reload"), (OVERWRITE, "Overwrite"),
             (CANCEL, "Cancel")],
        )
