"""``python -m policy`` runs the command-line interface."""

from policy.cli.main import main

main()
