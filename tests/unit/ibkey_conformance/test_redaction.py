from dataclasses import dataclass

from ibkey_conformance.redaction import MASK, Redactor


@dataclass
class Holder:
    values: tuple

    def secret_values(self):
        return self.values


def test_a_secret_becomes_dots_of_its_length():
    redactor = Redactor()
    redactor.add("Hunter2!x")
    assert redactor.redact("password Hunter2!x typed") == f"password {MASK * 9} typed"


def test_the_longer_of_two_overlapping_secrets_is_removed_whole():
    redactor = Redactor()
    redactor.add("4821")
    redactor.add("48219977")
    assert redactor.redact("response 48219977, pin 4821") == f"response {MASK * 8}, pin {MASK * 4}"


def test_values_shorter_than_a_pin_are_not_secrets():
    redactor = Redactor()
    redactor.add("ab!")
    redactor.add(None)
    assert len(redactor) == 0
    assert redactor.redact("ab! is too short") == "ab! is too short"


def test_a_key_is_redacted_as_hex_and_base64():
    redactor = Redactor()
    redactor.add(bytes(range(20)))
    text = f"{bytes(range(20)).hex()} {bytes(range(20)).hex().upper()} AAECAwQFBgcICQoLDA0ODxAREhM="
    assert set(redactor.redact(text)) == {MASK, " "}


def test_step_arguments_give_their_secrets_by_type_and_by_name():
    redactor = Redactor()
    redactor.collect({"account": Holder(("s3cret-pw", None)), "pin": "7531", "challenge": "123456"})
    assert redactor.redact("s3cret-pw 7531 123456") == f"{MASK * 9} {MASK * 4} 123456"


def test_nested_records_are_redacted_everywhere_but_keys_and_numbers():
    redactor = Redactor()
    redactor.add("passcodeXYZ")
    record = {"steps": [{"text": "typed passcodeXYZ", "line": 3}], "passcodeXYZ-free key": ("passcodeXYZ",)}
    assert redactor.redact_all(record) == {
        "steps": [{"text": f"typed {MASK * 11}", "line": 3}],
        "passcodeXYZ-free key": [MASK * 11],
    }


def test_evidence_file_names_are_kept_even_when_a_pin_occurs_in_their_hash():
    redactor = Redactor()
    redactor.add("7391")
    evidence = {"portal": {"image": "images/a7391b.png", "url": "/x?pin=7391"}, "phone": {"screen_id": "c7391d"}}
    assert redactor.redact_all(evidence) == {
        "portal": {"image": "images/a7391b.png", "url": f"/x?pin={MASK * 4}"},
        "phone": {"screen_id": "c7391d"},
    }
