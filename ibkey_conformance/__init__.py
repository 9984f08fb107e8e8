"""The conformance harness: CLI, browser set-up, page objects, adapters, clause catalogue and reports."""

__version__ = "0.1.0"
