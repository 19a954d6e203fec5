"""Block Kit -> terminal text: what a person would see in Slack, readable in a terminal or a pipe.

Pure: a message or view dict in, text and the list of its buttons out. The shell numbers the buttons so a
person can press one (`:click 2`); with `ansi=False` (piped output, tests) the text carries no escape codes.
Slack mrkdwn is translated, not echoed: `*bold*` becomes bold, `<url|label>` becomes `label (url)`, entities
(`&amp;`, `&lt;`, `&gt;`) are decoded last so an escaped `<!channel>` shows as the text the user typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.core.blocks.text import unescape

RULE = "─" * 40
_ANGLE = re.compile(r"<([^<>\n]+)>")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])")
_EMOJI_CODE = re.compile(r":([a-z0-9_+-]+):")
EMOJI = {
    "building_construction": "🏗️",
    "cloud": "☁️",
    "compass": "🧭",
    "hammer_and_wrench": "🛠️",
    "lock": "🔒",
    "warning": "⚠️",
    "white_check_mark": "✅",
    "x": "❌",
    "mag": "🔍",
    "bulb": "💡",
    "books": "📚",
    "newspaper": "📰",
    "calendar": "📆",
    "tada": "🎉",
    "thumbsup": "👍",
    "+1": "👍",
    "thumbsdown": "👎",
    "-1": "👎",
    "bar_chart": "📊",
    "rocket": "🚀",
    "gear": "⚙️",
    "bell": "🔔",
    "no_bell": "🔕",
    "wave": "👋",
    "speech_balloon": "💬",
    "point_right": "👉",
}


@dataclass(frozen=True)
class Style:
    """How to display: ANSI styling (off when output is not a terminal, so scripts read clean lines), and
    the names Slack would show for user and channel ids that arrive without a label."""

    ansi: bool = False
    names: Mapping[str, str] = field(default_factory=dict)
    emoji: bool = False

    def emojize(self, text: str) -> str:
        """`:lock:` as the emoji Slack would show, on a terminal; codes without a known emoji stay as typed."""
        if not self.emoji:
            return text
        return _EMOJI_CODE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)

    def bold(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[22m" if self.ansi and text else text

    def dim(self, text: str) -> str:
        return f"\x1b[2m{text}\x1b[22m" if self.ansi and text else text

    def italic(self, text: str) -> str:
        return f"\x1b[3m{text}\x1b[23m" if self.ansi and text else text

    def strike(self, text: str) -> str:
        return f"\x1b[9m{text}\x1b[29m" if self.ansi and text else text


PLAIN = Style(ansi=False)


@dataclass(frozen=True)
class Button:
    """A button as the shell needs it to fake a click: what Slack would send back in `block_actions`."""

    number: int
    label: str
    action_id: str
    block_id: str | None
    value: str | None
    url: str | None


@dataclass(frozen=True)
class Rendered:
    text: str
    buttons: tuple[Button, ...]


def render_message(message: Mapping[str, Any], *, style: Style = PLAIN, first_button: int = 1) -> Rendered:
    """A message (`text` + optional `blocks`) or a view (`blocks`): blocks win, `text` is the fallback."""
    blocks = message.get("blocks")
    if isinstance(blocks, Sequence) and not isinstance(blocks, str) and blocks:
        return render_blocks(blocks, style=style, first_button=first_button)
    text = message.get("text")
    return Rendered(render_mrkdwn(text, style) if isinstance(text, str) else "", ())


def render_blocks(
    blocks: Sequence[Mapping[str, Any]], *, style: Style = PLAIN, first_button: int = 1
) -> Rendered:
    """Render each block in order; unknown block types are shown by name rather than dropped silently."""
    lines: list[str] = []
    buttons: list[Button] = []
    previous: object = None
    for block in blocks:
        if not isinstance(block, Mapping):
            continue
        kind = block.get("type")
        if kind == "section" and previous in {"section", "actions", "context"}:
            lines.append("")  # a blank line between cards, piped or not
        found = _block_buttons(block, first_button + len(buttons))
        buttons.extend(found)
        lines.extend(_block_lines(block, style, found))
        previous = kind
    return Rendered("\n".join(lines), tuple(buttons))


def _block_buttons(block: Mapping[str, Any], first: int) -> list[Button]:
    """The buttons a block carries: an actions block's elements, or a section's accessory."""
    block_id = _str_or_none(block.get("block_id"))
    if block.get("type") == "actions":
        return _buttons(_mappings(block.get("elements")), block_id, first)
    accessory = block.get("accessory")
    if block.get("type") == "section" and isinstance(accessory, Mapping):
        return _buttons([accessory], block_id, first)
    return []


def _block_lines(block: Mapping[str, Any], style: Style, buttons: list[Button]) -> list[str]:
    kind = block.get("type")
    if kind == "header":
        return [style.bold(style.emojize(_plain(block.get("text"))))]
    if kind == "section":
        return [*_section(block, style), *_button_row(buttons, style)]
    if kind == "actions":
        return list(_button_row(buttons, style))
    if kind == "divider":
        return [style.dim(RULE)]
    if kind == "context":
        parts = [_element_text(element, style) for element in _mappings(block.get("elements"))]
        return [style.dim("  ".join(part for part in parts if part))]
    if kind == "image":
        return [style.dim(f"[image: {_str_or_none(block.get('alt_text')) or ''}]")]
    if kind == "markdown":
        return [str(block.get("text", ""))]
    if kind == "rich_text":
        return [_rich_text(block)]
    return [style.dim(f"[{kind} block]")]


def render_mrkdwn(text: str, style: Style = PLAIN) -> str:
    """Translate Slack mrkdwn to terminal text; entities are decoded last so they never form markup."""
    out: list[str] = []
    position = 0
    for match in _ANGLE.finditer(text):
        out.append(_inline(text[position : match.start()], style))
        out.append(_angle(match.group(1), style))
        position = match.end()
    out.append(_inline(text[position:], style))
    rendered = "".join(out)
    return "\n".join(_quote(line, style) for line in rendered.split("\n"))


def _inline(text: str, style: Style) -> str:
    text = _BOLD.sub(lambda m: style.bold(m.group(1)), text)
    text = _ITALIC.sub(lambda m: style.italic(m.group(1)), text)
    text = _STRIKE.sub(lambda m: style.strike(m.group(1)), text)
    return unescape(style.emojize(text))


def _angle(inner: str, style: Style) -> str:
    """Slack's `<...>` entities: links, mentions, channels, special mentions and dates."""
    target, _, label = inner.partition("|")
    if target.startswith(("@", "#")):
        name = unescape(label) or style.names.get(target[1:], target[1:])
        return f"{target[0]}{name.lstrip('@#')}"
    if target.startswith("!"):
        if label:
            return unescape(label)
        name = target[1:].split("^")[0]
        return f"@{name}"
    url = unescape(target)
    if label and unescape(label) != url:
        return f"{unescape(label)} {style.dim('(' + url + ')')}"
    return url


def _quote(line: str, style: Style) -> str:
    for prefix in ("&gt; ", "> "):
        if line.startswith(prefix):
            return style.dim("│ ") + line[len(prefix) :]
    return line


def _section(block: Mapping[str, Any], style: Style) -> list[str]:
    lines: list[str] = []
    text = block.get("text")
    if isinstance(text, Mapping):
        lines.append(_text_object(text, style))
    for item in _mappings(block.get("fields")):
        lines.append("  " + _text_object(item, style))
    return lines


def _text_object(obj: Mapping[str, Any], style: Style) -> str:
    text = str(obj.get("text", ""))
    return render_mrkdwn(text, style) if obj.get("type") == "mrkdwn" else style.emojize(text)


def _element_text(element: Mapping[str, Any], style: Style) -> str:
    if element.get("type") == "image":
        return f"[{_str_or_none(element.get('alt_text')) or 'image'}]"
    return _text_object(element, style)


def _plain(obj: object) -> str:
    if isinstance(obj, Mapping):
        return str(obj.get("text", ""))
    return str(obj or "")


def _buttons(elements: Iterable[Mapping[str, Any]], block_id: str | None, first: int) -> list[Button]:
    found: list[Button] = []
    for element in elements:
        if element.get("type") != "button":
            continue
        found.append(
            Button(
                number=first + len(found),
                label=_plain(element.get("text")),
                action_id=str(element.get("action_id", "")),
                block_id=block_id,
                value=_str_or_none(element.get("value")),
                url=_str_or_none(element.get("url")),
            )
        )
    return found


def _button_row(buttons: Sequence[Button], style: Style) -> list[str]:
    if not buttons:
        return []
    parts = []
    for button in buttons:
        label = f"{style.dim(str(button.number) + ':')}[{style.bold(button.label)}]"
        parts.append(f"{label} {style.dim('(' + button.url + ')')}" if button.url else label)
    return ["  ".join(parts)]


def _rich_text(block: Mapping[str, Any]) -> str:
    """Rich text arrives from users' messages; only its words matter in a terminal."""
    words: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, Mapping):
            if isinstance(node.get("text"), str):
                words.append(node["text"])
            elif node.get("type") == "link" and isinstance(node.get("url"), str):
                words.append(node["url"])
            for child in node.get("elements", ()) if isinstance(node.get("elements"), list) else ():
                walk(child)

    walk(block)
    return "".join(words)


def _mappings(value: object) -> list[Mapping[str, Any]]:
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [item for item in value if isinstance(item, Mapping)]
    return []


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
