"""``python -m tui [FILE]``: open the designer on a policy file (or a new policy)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """Run the designer on the file named in ``argv`` (if any)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print("usage: python -m tui [FILE]", file=sys.stderr)
        sys.exit(2)
    from tui.app import DesignerApp

    DesignerApp(args[0] if args else None).run()


if __name__ == "__main__":
    main()
