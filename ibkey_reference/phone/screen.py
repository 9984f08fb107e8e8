"""What an app shows: a named screen of controls, how it is driven, and how it renders for reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Literal

from ibkey_reference.phone.errors import NotAnOption, NotOnScreen

if TYPE_CHECKING:
    from ibkey_reference.phone.device import Phone

ControlKind = Literal["button", "field", "secret", "choice", "toggle", "banner"]
TYPEABLE = ("field", "secret")
MASK = "•"


@dataclass
class Control:
    """One thing on a screen a person can tap, type into, choose from or switch."""

    name: str
    kind: ControlKind = "button"
    value: str = ""
    options: tuple[str, ...] = ()
    position: str = ""  # where the seed says it is, e.g. "top left"

    @property
    def shown_value(self) -> str:
        """The value as the screen displays it: typed PINs and passwords are dots."""
        return MASK * len(self.value) if self.kind == "secret" else self.value


@dataclass
class Screen:
    """A screen as it stands: its name, what it displays and the controls on it."""

    name: str
    app: str = ""
    widgets: list[Control] = field(default_factory=list)
    title: str = ""
    lines: tuple[str, ...] = ()
    values: dict[str, str] = field(default_factory=dict)
    message: str | None = None
    error_code: str | None = None
    actions: dict[str, Callable[[], None]] = field(default_factory=dict, repr=False, compare=False)
    on_type: dict[str, Callable[[str], None]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def controls(self) -> list[str]:
        """The names of every control on the screen, in display order."""
        return [widget.name for widget in self.widgets]

    @property
    def fields(self) -> list[str]:
        return [widget.name for widget in self.widgets if widget.kind in TYPEABLE]

    def widget(self, name: str) -> Control | None:
        return next((widget for widget in self.widgets if widget.name == name), None)

    def field(self, name: str) -> str:
        """The text typed into a field, or the option chosen in a picker."""
        widget = self.widget(name)
        if widget is None:
            raise KeyError(f"{self.name!r} has no control {name!r}; it has {self.controls}")
        return widget.value

    def to_html(self) -> str:
        """A self-contained HTML fragment of the screen for a 390x844 phone viewport."""
        parts = [f'<section class="ibkp" data-screen="{escape(self.name)}">', _STYLE]
        parts.append(f'<header><small>{escape(self.app)}</small><h1>{escape(self.title or self.name)}</h1></header>')
        parts.append("<main>")
        parts += [f"<p>{escape(line)}</p>" for line in self.lines]
        if self.values:
            parts.append("<dl>")
            for label, value in self.values.items():
                parts.append(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>")
            parts.append("</dl>")
        if self.message:
            code = f' data-error-code="{escape(self.error_code)}"' if self.error_code else ""
            parts.append(f'<p class="ibkp-message" role="alert"{code}>{escape(self.message)}</p>')
        parts += [_control_html(widget) for widget in self.widgets]
        parts.append("</main></section>")
        return "\n".join(parts)


def _control_html(widget: Control) -> str:
    name = escape(widget.name)
    where = f' data-position="{escape(widget.position)}"' if widget.position else ""
    if widget.kind in TYPEABLE:
        shown = escape(widget.shown_value)
        return f'<label{where}>{name}<span class="ibkp-field ibkp-{widget.kind}">{shown}</span></label>'
    if widget.kind == "choice":
        options = "".join(
            f"<option{' selected' if option == widget.value else ''}>{escape(option)}</option>"
            for option in widget.options
        )
        return f"<label{where}>{name}<select disabled>{options}</select></label>"
    state = f" <b>{escape(widget.value)}</b>" if widget.kind == "toggle" else ""
    return f'<button type="button" class="ibkp-{widget.kind}"{where}>{name}{state}</button>'


_STYLE = """<style>
.ibkp{width:390px;height:844px;box-sizing:border-box;overflow:auto;border:1px solid #bbb;border-radius:36px;
padding:48px 20px 24px;font:15px -apple-system,Roboto,Helvetica,sans-serif;color:#111;background:#fff}
.ibkp header small{color:#777}.ibkp h1{font-size:20px;margin:4px 0 16px}
.ibkp button,.ibkp label{display:block;width:100%;box-sizing:border-box;margin:8px 0;padding:10px;
border:1px solid #ccc;border-radius:10px;background:#f6f6f6;text-align:left;font:inherit}
.ibkp .ibkp-banner{background:#e9f0ff;border-color:#7da2ff}
.ibkp .ibkp-field{display:block;min-height:1.2em;margin-top:4px;padding:4px;background:#fff;border:1px solid #ddd}
.ibkp .ibkp-message{color:#a40000;background:#fff0f0;padding:8px;border-radius:8px}
.ibkp dt{color:#777;font-size:13px}.ibkp dd{margin:0 0 8px;font-size:22px;letter-spacing:2px}
</style>"""


class ScreenApp:
    """An app on the phone: one screen at a time, an optional alert over it, driven like a person would."""

    name = ""
    publisher = ""

    def __init__(self, phone: Phone) -> None:
        self.phone = phone
        self._screen = Screen(self.name, self.name)
        self._alert: Screen | None = None

    def launch(self) -> None:
        """A cold start: the app shows its first screen."""
        self._alert = None
        self._show(Screen(self.name))

    @property
    def screen(self) -> Screen:
        """What the person sees now: a system security prompt, an alert, or the app's screen."""
        prompt = self.phone.security_prompt_screen(self)
        if prompt is not None:
            return prompt
        return self._alert or self._screen

    def tap(self, control: str) -> ScreenApp:
        """Tap a control; returns the app in front afterwards (another app when a tap opens one)."""
        screen = self.screen
        widget = self._find(screen, control, "tap")
        if screen is self._alert:
            self._alert = None
        action = screen.actions.get(control)
        if action is not None:
            action()
        elif widget.kind not in (*TYPEABLE, "choice"):
            raise AssertionError(f"{self.name}: {control!r} on {screen.name!r} has no action")
        return self.phone.foreground or self

    def type(self, control: str, text: str) -> ScreenApp:
        """Replace the text of a field on the screen."""
        screen = self.screen
        widget = self._find(screen, control, "type into", kinds=TYPEABLE)
        widget.value = text
        if control in screen.on_type:
            screen.on_type[control](text)
        return self.phone.foreground or self

    def choose(self, control: str, option: str) -> ScreenApp:
        """Pick one of the options a picker offers."""
        widget = self._find(self.screen, control, "choose from", kinds=("choice",))
        if option not in widget.options:
            raise NotAnOption(f"{control!r} offers {list(widget.options)}, not {option!r}")
        widget.value = option
        return self.phone.foreground or self

    def _find(self, screen: Screen, control: str, action: str, kinds: tuple[str, ...] = ()) -> Control:
        widget = screen.widget(control)
        if widget is None or (kinds and widget.kind not in kinds):
            suitable = None
            if kinds:
                kind = "text fields" if kinds == TYPEABLE else "pickers"
                suitable = (kind, [w.name for w in screen.widgets if w.kind in kinds])
            raise NotOnScreen(
                screen.app or self.name, screen.name, control, screen.controls, action=action, suitable=suitable
            )
        return widget

    def _show(self, screen: Screen) -> None:
        screen.app = screen.app or self.name
        self._screen = screen

    def _show_alert(self, screen: Screen) -> None:
        screen.app = screen.app or self.name
        self._alert = screen
