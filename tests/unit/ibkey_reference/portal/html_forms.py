"""The forms a page renders, read from its HTML as a browser would submit them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class HtmlForm:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> the value submitted untouched

    @property
    def shape(self) -> tuple[str, str, tuple[str, ...]]:
        """What makes two forms the same form, wherever it is rendered: where it posts and what it sends."""
        return self.method, self.action, tuple(sorted(self.fields))


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[HtmlForm] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(HtmlForm(attributes.get("action", ""), attributes.get("method", "get").lower()))
        elif tag == "option" and self._select is not None:
            self.forms[-1].fields.setdefault(self._select, attributes.get("value", ""))
        elif not self.forms or "name" not in attributes:
            return
        elif tag in ("input", "textarea"):
            self.forms[-1].fields[attributes["name"]] = attributes.get("value", "")
        elif tag == "select":
            self._select = attributes["name"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def html_forms(page: str) -> list[HtmlForm]:
    """Every <form> of `page` with its fields: inputs, textareas and selects (a select sends its first option)."""
    parser = _FormParser()
    parser.feed(page)
    return parser.forms
