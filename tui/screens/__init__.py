"""Modal screens of the designer: help, file names, confirmations."""
