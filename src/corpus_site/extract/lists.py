"""Printed list labels (`iii.`, `2)`, `(b)`, `•`): recognise them and their order."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_LABEL = re.compile(
    r"^(?P<raw>\((?P<p>[ivxlc]+|[a-z]|\d{1,2})\)|(?P<d>[ivxlc]+|[a-z]|\d{1,2})[.)]|(?P<b>[\u2022\u25aa\u25e6\u2023\u2043\u00b7\u2013\u2014*-]))\s+\S"
)


def roman_value(text: str) -> int | None:
    """The value of a lower-case roman numeral, or None if `text` is not one."""
    total = 0
    previous = 0
    for char in reversed(text):
        value = _ROMAN.get(char)
        if value is None:
            return None
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total if _to_roman(total) == text else None


def _to_roman(number: int) -> str:
    parts = [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v")]
    parts += [(4, "iv"), (1, "i")]
    out = ""
    for value, letters in parts:
        while number >= value:
            out += letters
            number -= value
    return out


@dataclass(frozen=True)
class ListLabel:
    """A label as printed; `values` holds its possible positions under each style."""

    raw: str
    key: str
    values: tuple[tuple[str, int], ...]

    @property
    def style(self) -> str:
        return self.values[0][0]

    @property
    def is_first(self) -> bool:
        return any(value == 1 for _, value in self.values)

    def follows(self, previous: ListLabel) -> bool:
        """Whether this label comes right after `previous` in one of their shared styles."""
        return any(
            style == previous_style and value == previous_value + 1
            for style, value in self.values
            for previous_style, previous_value in previous.values
        ) or (self.style == "bullet" and previous.style == "bullet" and self.raw == previous.raw)


def parse_label(line: str) -> ListLabel | None:
    """The list label opening `line`, if any; digits and roman numerals up to two places."""
    match = _LABEL.match(line.strip())
    if match is None:
        return None
    raw = match.group("raw")
    body = match.group("p") or match.group("d")
    if body is None:
        return ListLabel(raw, "item", (("bullet", 0),))
    values: list[tuple[str, int]] = []
    if body.isdigit():
        values.append(("arabic", int(body)))
    else:
        roman = roman_value(body)
        if roman is not None:
            values.append(("roman", roman))
        if len(body) == 1:
            values.append(("alpha", ord(body) - ord("a") + 1))
    if not values:
        return None
    return ListLabel(raw, body, tuple(values))
