"""Paper text is data: escape it so that nothing in it is read as Markdown, HTML, a template
or extension syntax, whichever pymdownx extensions a site enables."""

from __future__ import annotations

import html
import json
import re

# Characters Python-Markdown's core lets us backslash-escape.
_BACKSLASH = set("\\`*_+")
# Characters that extensions (mark, tilde, caret, tables, emoji, arithmatex, critic, attribute
# lists, snippets, raw HTML) may read; numeric references render the same character and no
# extension can claim them. Brackets too: arithmatex reads a backslash-escaped `\[` as math;
# and `#`, which a heading would drop from the end of its text.
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "=": "&#61;", "~": "&#126;", "^": "&#94;"}
_ENTITY.update({"|": "&#124;", "$": "&#36;", "%": "&#37;"})
_ENTITY.update({"[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;", "#": "&#35;"})
# A line break would let the next line open a block; other control characters are invisible
# and Python-Markdown uses some (STX, ETX) as placeholders. Breaks become spaces, the rest go.
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CONTROLS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x1C), 0x1F, 0x7F]))
_LINE_BREAK = re.compile(f"[{re.escape(_BREAKS)}]")
_CONTROL = re.compile(f"[{re.escape(_CONTROLS)}]")
# A URL ends before a trailing punctuation mark; inside an autolink nothing is escaped, so the
# characters Markdown would still read there (`\\`, `[`, `]`, braces, entities) end it too.
_URL_CHAR = r"(?:[^\s<>\"'`\\\[\]{}&]|&(?!#?\w+;))"
_URL = re.compile(rf"https?://{_URL_CHAR}*(?:(?![.,;:)]){_URL_CHAR})")
# `escape` in one pass: every character above maps on its own, so one `str.translate` does the
# line breaks, control characters, entities and backslashes; a colon depends on the character
# after it, which the table keeps non-blank (entities and escapes start with `&` or `\`).
_ESCAPES: dict[int, str | None] = {ord(c): "\\" + c for c in _BACKSLASH}
_ESCAPES.update((ord(c), value) for c, value in _ENTITY.items())
_ESCAPES.update((ord(c), " ") for c in _BREAKS)
_ESCAPES.update((ord(c), None) for c in _CONTROLS)
_COLON = re.compile(r":(?=\S)")
_NUMBERED = re.compile(r"(\d+)([.)])")


def escape(text: str, line_start: bool = True) -> str:
    """Escape `text` so that it renders literally; `line_start` when it may open a block."""
    escaped = text.translate(_ESCAPES)
    if "///" in escaped:
        # Python-Markdown's footnotes extension puts its list in place of this marker.
        escaped = escaped.replace("///", "&#47;//")
    if ":" in escaped:  # ":emoji:" and "javascript:" never form syntax or a link.
        escaped = _COLON.sub("&#58;", escaped)
    if not line_start:
        return escaped
    # Line starts open blocks: headings, quotes, lists, admonitions, definitions, snippets.
    match = _NUMBERED.match(escaped)
    if match:
        return f"{match.group(1)}\\{match.group(2)}{escaped[match.end() :]}"
    if escaped[:1] and not escaped[0].isalnum() and escaped[0] not in "\\&\u201c\u2018\"'(":
        return f"&#{ord(escaped[0])};{escaped[1:]}"
    return escaped


def front_matter(value: str | list[str]) -> str:
    """A front-matter value, HTML-escaped: themes print `page.meta.title` without escaping."""
    if isinstance(value, list):
        return "[" + ", ".join(front_matter(item) for item in value) + "]"
    text = html.escape(_CONTROL.sub("", _LINE_BREAK.sub(" ", value)))
    return json.dumps(text, ensure_ascii=False)


def escape_linking_urls(text: str, line_start: bool = True) -> str:
    """Escape `text`, turning plain http(s) URLs into autolinks (notes cite web pages)."""
    out: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        out.append(escape(text[position : match.start()], line_start and position == 0))
        out.append(f"<{match.group(0)}>")
        position = match.end()
    out.append(escape(text[position:], line_start and position == 0))
    return "".join(out)
