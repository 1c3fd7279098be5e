"""``python -m policy`` runs the command-line interface."""

from policy.cli import main

main()
