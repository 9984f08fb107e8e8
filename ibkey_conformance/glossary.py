"""The Japanese names the seed gives IBKR Mobile's controls, mapped to the app's own (English) labels."""

from __future__ import annotations

CONTROLS_JA = {
    "サービス": "Services",
    "認証": "Authenticate",
    "チャレンジ": "Challenge",
    "レスポンス作成": "Generate Response",
    "パスコード作成": "Generate Response",
    "ユーザー追加": "Add User",
}


def control_name(label: str) -> str:
    """The app's label for `label`, which may be the English label itself or the seed's Japanese name."""
    return CONTROLS_JA.get(label, label)
