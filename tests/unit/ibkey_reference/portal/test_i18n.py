import pytest

from ibkey_reference.portal.i18n import ERRORS, LANGUAGES, TEXTS, error_text, pick_language

# Codes the login pages can show: the password step, the second factor, and a login that ended.
PAGE_ERROR_CODES = (
    "invalid_credentials",
    "invalid_characters",
    "account_locked",
    "login_failed",
    "temporary_passcode_expired",
    "security_card_expired",
    "transaction_expired",
    "transaction_not_found",
    "wrong_step",
)


# pick_language


@pytest.mark.parametrize("accept_language", [None, "", "ja-JP,ja;q=0.9", "en-US,en;q=0.9", "fr-FR"])
@pytest.mark.parametrize("requested", LANGUAGES)
def test_an_explicit_lang_wins_over_accept_language(requested, accept_language):
    assert pick_language(requested, accept_language) == requested


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("ja-JP,ja;q=0.9", "ja"),
        ("ja", "ja"),
        ("JA-jp", "ja"),
        ("ja_JP", "ja"),
        ("en-US,en;q=0.9,ja;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,ja;q=0.8,en;q=0.7", "ja"),
    ],
)
def test_without_lang_the_first_supported_accept_language_entry_is_used(accept_language, expected):
    assert pick_language(None, accept_language) == expected


# "jam" is Jamaican Creole and "enm" Middle English: the primary subtag is compared whole, not its first letters.
@pytest.mark.parametrize(
    ("requested", "accept_language"),
    [
        (None, None),
        ("", ""),
        ("fr", None),
        ("JA", None),
        ("<script>", "fr-FR,de;q=0.5"),
        (None, "*"),
        (None, "garbage;;,,"),
        (None, "jam"),
        ("de", "enm-GB"),
    ],
)
@pytest.mark.parametrize("default", LANGUAGES)
def test_nothing_supported_falls_back_to_the_default(requested, accept_language, default):
    assert pick_language(requested, accept_language, default=default) == default


# The texts


def test_every_page_text_exists_in_both_languages():
    assert TEXTS.keys() == set(LANGUAGES)
    assert TEXTS["en"].keys() == TEXTS["ja"].keys()
    assert all(text.strip() for texts in TEXTS.values() for text in texts.values())


def test_every_error_message_exists_in_both_languages():
    assert ERRORS.keys() == set(LANGUAGES)
    assert ERRORS["en"].keys() == ERRORS["ja"].keys()
    assert all(text.strip() for texts in ERRORS.values() for text in texts.values())


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", PAGE_ERROR_CODES)
def test_every_error_the_login_pages_can_show_has_its_own_message(lang, code):
    assert code in ERRORS[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_unknown_error_code_reads_as_login_failed(lang):
    assert error_text("no_such_code", lang) == ERRORS[lang]["login_failed"]


@pytest.mark.ja
@pytest.mark.parametrize(
    ("code", "seed_words"),
    [
        ("invalid_credentials", "無効なユーザー名とパスワードの組み合わせ"),  # login problem 1
        ("login_failed", "ログインに失敗しました"),  # login problem 2
        ("invalid_characters", "文字が正しくありません"),  # login problem 11
        ("temporary_passcode_expired", "テンポラリー・パスコードの有効期限が切れました"),  # login problem 6
        ("security_card_expired", "オンライン・セキュリティカードの有効期限が切れました"),  # login problem 7
    ],
)
def test_japanese_messages_are_the_seed_words(code, seed_words):
    assert ERRORS["ja"][code] == seed_words


def test_english_messages_automation_compares():
    assert ERRORS["en"]["invalid_credentials"] == "Invalid username password combination"
    assert "failed" in ERRORS["en"]["login_failed"]
