"""Reference implementation of IBKR Mobile Authentication (IB Key), as the help text documents it.

Importable on its own: nothing here imports pytest, Playwright or the harness.
"""
