"""The Japanese names the seed gives the phone's apps, screens and controls, mapped to their own (English) labels."""

from __future__ import annotations

LABELS_JA = {
    "IBKRモバイル": "IBKR Mobile",
    "指紋": "Fingerprint",
    "パスコード": "Passcode",
    "サービス": "Services",
    "認証": "Authenticate",
    "チャレンジ": "Challenge",
    "レスポンス作成": "Generate Response",
    "パスコード作成": "Generate Response",
    "ユーザー追加": "Add User",
}


def app_label(label: str) -> str:
    """The phone's label for `label`, which may be the English label itself or the seed's Japanese name."""
    return LABELS_JA.get(label, label)
