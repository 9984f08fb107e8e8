"""Bounded Hypothesis settings and the inputs the fuzz tests share: scanned texts, JSON lines, TOML-ish files."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from ibkey_reference import qr


def bounded(max_examples: int, **overrides) -> settings:
    """Settings for a fuzz test: at most `max_examples`, no deadline, and the same examples on every run."""
    chosen = {"deadline": None, "derandomize": True, "database": None, "suppress_health_check": [HealthCheck.too_slow]}
    return settings(max_examples=max_examples, **{**chosen, **overrides})


bare_codes = st.text(alphabet=qr.ALPHABET, min_size=qr.CODE_LENGTH, max_size=qr.CODE_LENGTH)
activation_links = bare_codes.map(lambda bare: qr.ActivationPayload(bare).to_uri())


any_character = st.characters()


@st.composite
def mutated(draw, texts: st.SearchStrategy[str], alphabet: st.SearchStrategy[str] = any_character) -> str:
    """A text from `texts` with a few characters deleted, replaced or inserted."""
    text = draw(texts)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        cut = draw(st.sampled_from([0, 1])) if position < len(text) else 0
        text = text[:position] + draw(st.text(alphabet, max_size=2)) + text[position + cut :]
    return text


# What zbar hands over for a QR code: its bytes decoded as UTF-8, bad sequences replaced.
zbar_texts = st.binary(max_size=200).map(lambda data: data.decode("utf-8", errors="replace"))
url_characters = st.sampled_from(list("/:?&=#@[]%-._~+ vcodeABC23\t\n")) | any_character
scanned_texts = st.one_of(
    st.text(),
    zbar_texts,
    mutated(activation_links, url_characters),
    st.sampled_from(["https://", "http://", "https://[", "http://[::1", "https://www.ibkr.com:99999/"]).flatmap(
        lambda start: st.text(url_characters, max_size=40).map(lambda rest: start + rest)
    ),
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=8,
)


def json_lines(objects: st.SearchStrategy) -> st.SearchStrategy[bytes]:
    return objects.map(lambda value: json.dumps(value).encode("utf-8"))


# TOML-ish: sections and keys the readers know mixed with others, values of every TOML type and some broken.
toml_values = st.sampled_from(
    [
        '"x"', '""', '"   "', '"node a.js"', '"node \'a.js"', '"m:f"', '"a.py:f"', '"nocolon"', '"http://127.0.0.1:8000"',
        '"127.0.0.1:8000"', '"/nonexistent/map.toml"', '["node", "a.js"]', '["a", 1]', "[]", "1", "-1", "0",
        "0.5", "true", "{ a = 1 }", "1979-05-27", '"#x"', "'[x'", '"unterminated', "= =",
    ]
)  # fmt: skip


def toml_texts(sections: list[str], keys: list[str]) -> st.SearchStrategy[str]:
    """TOML-ish text: lines that are section headers or `key = value`, from the names given and random ones."""
    known = st.sampled_from(sections) if sections else st.nothing()
    names = known | st.text(alphabet="abcxyz_", min_size=1, max_size=8)
    line = st.one_of(
        names.map(lambda name: f"[{name}]"),
        st.tuples(st.sampled_from(keys) | names, toml_values).map(lambda pair: f"{pair[0]} = {pair[1]}"),
        st.text(max_size=20),
    )
    return st.lists(line, max_size=8).map("\n".join)
