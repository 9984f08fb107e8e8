"""Page texts and error messages in English and Japanese; the Japanese ones are the seed's words."""

from __future__ import annotations

LANGUAGES = ("en", "ja")

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Client Portal",
        "login_heading": "Login",
        "username": "Username",
        "password": "Password",
        "login_button": "Login",
        "sls_heading": "Secure Login System",
        "choose_device": "Select the Secure Login System device you want to use",
        "continue": "Continue",
        "select_type": "Select Type",
        "resend_notification": "Resend notification",
        "push_sent": "A notification has been sent to your phone. Tap it and authenticate in IBKR Mobile.",
        "no_notification": "Click here if you didn't receive the notification",
        "challenge_label": "Challenge",
        "challenge_help": "Open IBKR Mobile, tap Authenticate, enter this challenge and tap Generate Response.",
        "response_label": "Response string",
        "passcode_label": "Temporary passcode",
        "card_label": "Values from your online security card, without spaces",
        "card_positions": "Positions",
        "submit": "Submit",
        "welcome": "Welcome",
        "banner_title": "Activate IBKR Mobile Authentication (IB Key)",
        "banner_text": "Scan this QR code with your smartphone camera or with IBKR Mobile, "
        "or type the code below in the Activation Code / Session ID field.",
        "logout": "Log Out",
        "settings": "Settings",
        "security": "Security",
        "sls_devices": "Secure Login System devices",
        "no_devices": "No Secure Login System device is active.",
        "print_card": "Print online security card",
        "card_heading": "Online security card",
        "card_valid_until": "Valid until",
        "reactivate": "Reactivate security device",
        "reactivated": "Your security device is active again; the temporary passcode and security card no longer work.",
        "home": "Home",
        "ibkey_active": "IBKR Mobile Authentication (IB Key) is active for this user.",
        "language": "日本語",
        "welcome_separator": ", ",
        "footer": "IB Key reference implementation · ibkey-conformance",
        "device_type": "Device",
        "device_name": "Name",
        "device_state": "State",
        "device_kind_ibkey": "IB Key",
        "device_kind_physical": "Security device",
        "state_active": "active",
        "state_in_transit": "in transit",
        "state_suspended": "suspended",
    },
    "ja": {
        "title": "クライアント・ポータル",
        "login_heading": "ログイン",
        "username": "ユーザー名",
        "password": "パスワード",
        "login_button": "ログイン",
        "sls_heading": "セキュア・ログイン・システム",
        "choose_device": "ドロップダウンメニューからセキュリティデバイスを選択してください",
        "continue": "続行",
        "select_type": "種類を選択",
        "resend_notification": "通知を再送信",
        "push_sent": "スマートフォンにメッセージが送信されました。通知をタップしてIBKRモバイルで認証してください。",
        "no_notification": "通知が受信できない場合にはこちらをクリック",
        "challenge_label": "チャレンジコード",
        "challenge_help": "IBKRモバイルアプリを開いて認証をタップし、"
        "チャレンジコードを入力してレスポンス作成をタップしてください。",
        "response_label": "レスポンス・ストリング",
        "passcode_label": "テンポラリー・パスコード",
        "card_label": "オンライン・セキュリティカードの値(スペースなし)",
        "card_positions": "位置",
        "submit": "送信",
        "welcome": "ようこそ",
        "banner_title": "IBKRモバイル認証(IB Key)を有効化してください",
        "banner_text": "スマートフォンのカメラまたはIBKRモバイルでこのQRコードを読み取るか、"
        "下の英数字をアクティベーションコード/セッションIDの欄に入力してください。",
        "logout": "ログアウト",
        "settings": "設定",
        "security": "セキュリティ",
        "sls_devices": "セキュア・ログイン・システムのデバイス",
        "no_devices": "有効なセキュリティデバイスはありません。",
        "print_card": "オンライン・セキュリティカードを印刷",
        "card_heading": "オンライン・セキュリティカード",
        "card_valid_until": "有効期限",
        "reactivate": "セキュリティカードを再有効化",
        "reactivated": "再有効化が完了しました。"
        "テンポラリー・パスコードとオンライン・セキュリティカードは無効となりました。",
        "home": "ホーム",
        "ibkey_active": "このユーザーのIBKRモバイル認証(IB Key)は有効です。",
        "language": "English",
        "welcome_separator": "、",
        "footer": "IB Keyリファレンス実装 · ibkey-conformance",
        "device_type": "デバイス",
        "device_name": "名前",
        "device_state": "状態",
        "device_kind_ibkey": "IB Key",
        "device_kind_physical": "セキュリティデバイス",
        "state_active": "有効",
        "state_in_transit": "配送中",
        "state_suspended": "停止中",
    },
}

ERRORS: dict[str, dict[str, str]] = {
    "en": {
        "invalid_credentials": "Invalid username password combination",
        "login_failed": "Login failed",
        "invalid_characters": "Invalid characters in username",
        "account_locked": "Your login is locked: 10 consecutive failed attempts within 24 hours. "
        "It unlocks 24 hours after the last failed attempt.",
        "temporary_passcode_expired": "Your temporary passcode has expired",
        "security_card_expired": "Your online security card has expired",
        "not_available_on_trading_platform": "The temporary passcode logs in to the Client Portal only",
        "transaction_expired": "Your login has expired. Please log in again.",
        "transaction_not_found": "Your login has ended. Please log in again.",
        "wrong_step": "Please log in again.",
        "activation_already_enrolled": "This user is already enrolled in IBKR Mobile Authentication (IB Key)",
        "activation_code_used": "This QR code was already used. Log out and log back in to obtain a fresh QR code.",
        "activation_code_expired": "This QR code has expired. Log out and log back in to obtain a fresh QR code.",
        "csrf_failed": "Your session has expired. Please reload the page and try again.",
        "no_active_security_device": "Your security device is not active yet. "
        "Ask Client Services for a temporary passcode.",
    },
    "ja": {
        "invalid_credentials": "無効なユーザー名とパスワードの組み合わせ",
        "login_failed": "ログインに失敗しました",
        "invalid_characters": "文字が正しくありません",
        "account_locked": "ログイン情報を10回連続して間違えて入力したため、ロックアウトされています。"
        "間違ったログイン情報が最後に入力されてから24時間この状態が続きます。",
        "temporary_passcode_expired": "テンポラリー・パスコードの有効期限が切れました",
        "security_card_expired": "オンライン・セキュリティカードの有効期限が切れました",
        "not_available_on_trading_platform": "テンポラリー・パスコードではクライアント・ポータルにのみログインできます",
        "transaction_expired": "ログインの有効期限が切れました。再度ログインしてください。",
        "transaction_not_found": "ログインは終了しました。再度ログインしてください。",
        "wrong_step": "再度ログインしてください。",
        "activation_already_enrolled": "このユーザーはIBKRモバイル認証(IB Key)に登録済みです",
        "activation_code_used": "このQRコードは使用済みです。"
        "ログアウトして再度ログインし、新しいQRコードを取得してください。",
        "activation_code_expired": "このQRコードの有効期限が切れました。"
        "ログアウトして再度ログインし、新しいQRコードを取得してください。",
        "csrf_failed": "セッションの有効期限が切れました。ページを再読み込みしてください。",
        "no_active_security_device": "セキュリティデバイスはまだ有効化されていません。"
        "クライアントサービスにテンポラリー・パスコードをお問い合わせください。",
    },
}


def pick_language(requested: str | None, accept_language: str | None, default: str = "en") -> str:
    """An explicit `lang` wins; then the first supported entry of Accept-Language; then the default."""
    if requested in LANGUAGES:
        return requested
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower().replace("_", "-").split("-")[0]
        if tag in LANGUAGES:
            return tag
    return default


def error_text(code: str, lang: str) -> str:
    return ERRORS[lang].get(code, ERRORS[lang]["login_failed"])
