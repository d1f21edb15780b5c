"""The title block: the printed title, the authors under it, and what sits above it.

With geometry the title is the largest type on the first page; without, it is the first
heading-like block when it is more than a one- or two-word section name ("Abstract").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus_site.extract.lines import Call, Line
from corpus_site.extract.segment import NUMBERED, Unit

_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
_NAME = re.compile(r"^[^\W\d_][\w'\u2019.\-]*(?:\s+[^\W\d_][\w'\u2019.\-]*){1,3}$")


@dataclass
class TitleBlock:
    """What the title block holds; `lines` are the ones it used (left out of the body)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    lines: set[int] = field(default_factory=set)  # ids of the Line objects used
    masthead: list[Line] = field(default_factory=list)  # printed above the title


def printed_title(lines: Sequence[Line], size: float) -> TitleBlock:
    """The largest type on the article's first page, when larger than body type, and the
    names below it."""
    pages = [ln.geometry.page for ln in lines if ln.geometry and not ln.note]
    opening = min(pages, default=1)
    first = sorted(
        (ln for ln in lines if ln.geometry and ln.geometry.page == opening and not ln.note),
        key=lambda ln: -ln.geometry.baseline if ln.geometry else 0.0,
    )
    if not first:
        return TitleBlock()
    sizes = [ln.geometry.size for ln in first if ln.geometry]
    largest = max(sizes)
    start = sizes.index(largest)
    if largest < size * 1.15 or NUMBERED.match(first[start].text):
        return TitleBlock()
    end = start
    while end + 1 < len(first) and sizes[end + 1] == largest:
        end += 1
    # A web address in title type is a repository's or publisher's mark, never the title.
    words = [line.text for line in first[start : end + 1] if not _WEB_ADDRESS.fullmatch(line.text)]
    block = TitleBlock(
        title=" ".join(words) or None,
        lines={id(line) for line in first[: end + 1]},
        masthead=first[:start],
    )
    for line in first[end + 1 : end + 4]:
        names = _names(line)
        if names:
            block.authors = names
            block.lines.add(id(line))
            break
        if line.text.strip("_ \u2014-"):
            break
        block.lines.add(id(line))
    return block


def title_unit(units: Sequence[Unit]) -> bool:
    """Whether the first unit of a source without geometry is its title."""
    if not units or units[0].kind != "heading" or _has_call(units[0]):
        return False
    return len(units[0].lines) > 1 or len(units[0].text.split()) >= 3


def _has_call(unit: Unit) -> bool:
    return any(isinstance(part, Call) for part in unit.parts)


def _names(line: Line) -> tuple[str, ...]:
    text = (line.geometry.unraised if line.geometry else "") or line.text
    parts = [p.strip() for p in re.split(r",|;|&|\band\b", text) if p.strip(" *")]
    parts = [part.strip(" *") for part in parts]
    if parts and all(_NAME.match(part) and part[0].isupper() for part in parts):
        return tuple(parts)
    return ()
