"""The ``retention`` subcommands, one module each; heavy imports stay inside functions."""
