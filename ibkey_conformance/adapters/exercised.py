"""Whether a scenario reached the target's own code: a run that never did has tested nothing of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

TARGET_CALLS = pytest.StashKey[int]()


def note_target_call(item: pytest.Item) -> None:
    item.stash[TARGET_CALLS] = item.stash.get(TARGET_CALLS, 0) + 1


def target_calls(item: pytest.Item) -> int:
    return item.stash.get(TARGET_CALLS, 0)


def count_calls(factory: Callable[..., Any], item: pytest.Item) -> Callable[..., Any]:
    """An authenticator factory whose authenticators note every method call on the scenario's item."""

    def make(*args: Any, **kwargs: Any) -> _Counted:
        return _Counted(factory(*args, **kwargs), item)

    return make


class _Counted:
    """The target's authenticator as IBKR Mobile's screens see it, counting the calls that reach it."""

    def __init__(self, inner: Any, item: pytest.Item) -> None:
        self._inner = inner
        self._item = item

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._inner, name)
        if not callable(value) or name.startswith("_"):
            return value

        def counted(*args: Any, **kwargs: Any) -> Any:
            note_target_call(self._item)
            return value(*args, **kwargs)

        return counted
