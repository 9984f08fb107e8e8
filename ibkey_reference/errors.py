"""The root of every error the reference implementation raises on purpose."""


class IBKeyError(Exception):
    """An expected failure with a message a person can act on."""

    code = "ibkey_error"
