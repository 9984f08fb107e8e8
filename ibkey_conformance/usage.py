"""The one error a command-line mistake becomes."""


class UsageError(Exception):
    """A mistake in how the command was called: reported in one line, never as a traceback."""
