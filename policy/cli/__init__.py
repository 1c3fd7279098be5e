"""The ``retention`` command line: the click group (``main``) and one module per command.
The top layer: it may import every other layer; heavy imports stay inside functions.
"""
