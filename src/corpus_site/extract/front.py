"""The title block: the printed title, the authors under it, and what sits above it.

With geometry the title is the largest type on the first page; without, it is the first
heading-like block when it is more than a one- or two-word section name ("Abstract").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from corpus_site.extract.lines import Call, Line
from corpus_site.extract.segment import NUMBERED, Unit

MAX_SUBTITLE_LINES = 3
TITLE_SIZE = 1.15  # the title's type at least this many times the body's
SUBTITLE_SIZE = 1.05  # a subtitle's, or a title's under a section label
LABEL_REACH = 6  # lines after a section label to look for the title in
LABEL_GAP = 2.0  # a section label stands this many of the next line's sizes above it
BLOCK_GAP = 2.5  # title lines this many sizes apart are two blocks
BOLD_TITLE_REACH = 6  # lines after a bold title in body type to find its authors in
_NOTE_MARKS = re.compile(r"\s*[*\u2020\u2021]+$")
_WORDS = re.compile(r"[^\W\d_]{2,}")
# "Vol.", "St." or an initial ending a title line is no sentence end.
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b[A-Z])\.$")
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
_NAME_PARTICLES = frozenset({"von", "van", "de", "der", "den", "da", "du", "di", "la", "le", "und"})
# "von" or "by" (after at most one word) before a full name: "Rezension von Berta Muster",
# "Edited by A. Smith"; not "Ursula von der Leyen" or "Ludwig von Mises".
_UPPER = "A-ZÀ-ÖØ-Þ"
_BYLINE_LEAD = re.compile(
    rf"^(?:[^\W\d_]+\s+)?(?i:von|by)\s+(?=[{_UPPER}][\w.'\u2019-]*\s+[{_UPPER}])"
)
_BYLINE_WORDS = frozenset({"von", "by"})  # a line of its own between title and names
_RUNS_ON = re.compile(r"(?:,|&|\band|\bund)\s*$", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r",|;|&|/|\band\b|\bund\b", re.IGNORECASE)  # "… AND …" too
_NAME = re.compile(r"^[^\W\d_][\w'\u2019.\-]*(?:\s+[^\W\d_][\w'\u2019.\-]*){1,3}$")


@dataclass
class TitleBlock:
    """What the title block holds; `lines` are the ones it used (left out of the body)."""

    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    lines: set[int] = field(default_factory=set)  # ids of the Line objects used
    byline: str | None = None  # the names' line as printed, where it says more than names


def printed_title(
    lines: Sequence[Line],
    size: float,
    join: Callable[[Sequence[Line]], str] | None = None,
    least: float = TITLE_SIZE,
) -> TitleBlock:
    """The largest type on the article's first page, when `least` times body type or more,
    and the names below it; `join` makes one text of lines (the builder's, which joins a
    word hyphenated at a line end; else with spaces).

    A label of one or two words in the largest type ("aktuell", "Forum Section", "RESEARCH",
    "Rezensionen") names the journal's section when text of three words or more in a type
    larger than the body's follows: that is the title. A kicker ending in a colon right
    above the title ("UN-Behindertenrechtskonvention:") is the title's first part."""
    join = join or _spaced
    pages = [ln.geometry.page for ln in lines if ln.geometry and not ln.note]
    opening = min(pages, default=1)
    first = sorted(
        (
            ln
            for ln in lines
            if ln.geometry
            and ln.geometry.page == opening
            and not ln.note
            and _WORDS.search(ln.text)
        ),  # a line of one letter (a band of vertical text, a drop cap) is never the title's
        key=lambda ln: -ln.geometry.baseline if ln.geometry else 0.0,
    )
    if not first:
        return TitleBlock()
    byline = _authors_above(first, size)
    if byline is not None:
        first.remove(byline)
    sizes = [ln.geometry.size for ln in first if ln.geometry]
    largest = max(sizes)
    start = sizes.index(largest)
    if largest < size * least or NUMBERED.match(first[start].text):
        return _bold_title(first, size, join) if least == TITLE_SIZE else TitleBlock()
    end = start
    while (
        end + 1 < len(first)
        and sizes[end + 1] == largest
        and (
            _gap_below(first, end)[0] < BLOCK_GAP * largest
            or _WEB_ADDRESS.fullmatch(first[end].text)
        )
    ):
        end += 1
    gap, next_size = _gap_below(first, end)
    if start == end and _is_label(first[start].text) and gap >= LABEL_GAP * next_size:
        rest = first[end + 1 :]
        if any(
            ln.geometry and ln.geometry.size >= size * SUBTITLE_SIZE and _word_count(ln) >= 3
            for ln in rest[:LABEL_REACH]
        ):
            # The label stays in the body: it is printed, and it is not the title.
            found = printed_title(rest, size, join, SUBTITLE_SIZE)
            if found.title and len(_WORDS.findall(found.title)) >= 3:
                return found
        found = _bold_title(rest, size, join)  # or in bold body type under the label
        if found.title:
            return found
    kicker = start > 0 and _is_kicker(first[start - 1], sizes[start - 1], size, largest)
    if kicker:
        start -= 1
    # A web address in title type is a repository's or publisher's mark, never the title.
    lines = [line for line in first[start : end + 1] if not _WEB_ADDRESS.fullmatch(line.text)]
    split = _subtitle_start(lines[1:] if kicker else lines) + (1 if kicker else 0)
    subtitle = list(lines[split:])
    # Else lines in one type between body and title size right below it: the subtitle (a
    # phrase, not an issue label like "Heft 45/2002").
    sub_size = sizes[end + 1] if end + 1 < len(first) else 0.0
    run = 0  # the lines in that type after the title: more than a subtitle's are a lead
    while end + 1 + run < len(first) and sizes[end + 1 + run] == sub_size:
        run += 1
    while (
        split == len(lines)
        and end + 1 < len(first)
        and len(subtitle) < MAX_SUBTITLE_LINES
        and run <= MAX_SUBTITLE_LINES
    ):
        line = first[end + 1]
        if not size * SUBTITLE_SIZE < sizes[end + 1] < largest or sizes[end + 1] != sub_size:
            break
        if _names(line) or (not subtitle and len(_WORDS.findall(line.text)) < 3):
            break
        subtitle.append(line)
        end += 1
    block = TitleBlock(
        title=_without_marks(join(lines[:split])) or None,
        subtitle=_without_marks(join(subtitle)) or None,
        lines={id(line) for line in first[: end + 1]},
    )
    if byline is not None:
        block.authors = _names(byline)
        block.lines.add(id(byline))
        return block
    lead: list[str] = []  # a "von" or "by" on a line of its own
    for number in range(end + 1, min(len(first), end + 4)):
        line = first[number]
        names = _names(line)
        if names:
            printed = " ".join([*lead, line.text.strip()])
            # A byline ending in a comma or "and" runs on to the next line.
            while number + 1 < len(first) and _RUNS_ON.search(first[number].text):
                more = _names(first[number + 1])
                if not more:
                    break
                block.lines.add(id(first[number]))
                number += 1
                names += more
                printed += " " + first[number].text.strip()
            line = first[number]
            block.authors = names
            block.lines.add(id(line))
            block.byline = _byline(printed, names)
            break
        if line.text.strip().lower() in _BYLINE_WORDS:
            lead.append(line.text.strip())
        elif line.text.strip("_ \u2014-"):
            break
        block.lines.add(id(line))
    return block


def _bold_title(
    first: list[Line], size: float, join: Callable[[Sequence[Line]], str]
) -> TitleBlock:
    """A title in bold body type (a working paper's cover: "Der große Zapfenstreich", a
    subtitle, "von", the author): the bold block in the largest type, with a kicker ending in
    a colon right above it, taken only when the authors' names follow it within
    BOLD_TITLE_REACH lines, set apart from what comes after them; the lines in body type
    between them are its subtitle."""
    bold = [n for n, ln in enumerate(first) if ln.geometry and ln.geometry.bold]
    if not bold:
        return TitleBlock()
    sizes = [ln.geometry.size if ln.geometry else 0.0 for ln in first]
    start = min(bold, key=lambda n: (-sizes[n], n))
    end = start
    while (
        end + 1 < len(first)
        and end + 1 in bold
        and sizes[end + 1] == sizes[start]
        and _gap_below(first, end)[0] < BLOCK_GAP * sizes[start]
    ):
        end += 1
    title = first[start : end + 1]
    if NUMBERED.match(title[0].text) or sum(_word_count(ln) for ln in title) < 2:
        return TitleBlock()
    above = first[start - 1] if start else None
    if above and above.text.rstrip().endswith(":") and _word_count(above) <= 6:
        title.insert(0, above)  # a kicker: "First line supervision without any supervisor:"
        start -= 1
    subtitle: list[Line] = []
    for number in range(end + 1, min(len(first), end + 1 + BOLD_TITLE_REACH)):
        line = first[number]
        # The names stand apart from what follows ("Anthropological Fieldwork" over "at
        # Volkswagen Hanover" is the subtitle's).
        names = _names(line) if _gap_below(first, number)[0] >= 2 * sizes[number] else ()
        if names:
            block = TitleBlock(
                title=_without_marks(join(title)) or None,
                subtitle=_without_marks(join(subtitle)) or None,
                authors=names,
                lines={id(ln) for ln in first[start : number + 1]},
            )
            lead = [ln.text.strip() for ln in first[end + 1 : number] if ln not in subtitle]
            block.byline = _byline(" ".join([*lead, line.text.strip()]), names)
            return block
        if line.text.strip().lower() in _BYLINE_WORDS:
            continue
        if abs(sizes[number] - size) > 0.5 or len(subtitle) >= MAX_SUBTITLE_LINES:
            return TitleBlock()  # something else comes before any names
        subtitle.append(line)
    return TitleBlock()


def _byline(printed: str, names: tuple[str, ...]) -> str | None:
    """The authors' line as printed, where it says more than their names ("von …",
    "Rezension von …", "… and …"): those words stay on the page; else None."""
    return " ".join(printed.split()) if printed.rstrip(" *") != ", ".join(names) else None


def _gap_below(first: Sequence[Line], index: int) -> tuple[float, float]:
    """The distance from `first[index]`'s baseline down to the next line's, and the next
    line's type size; (inf, 1) after the last line."""
    if index + 1 >= len(first):
        return float("inf"), 1.0
    above, below = first[index].geometry, first[index + 1].geometry
    if above is None or below is None:
        return float("inf"), 1.0
    return above.baseline - below.baseline, below.size


def _is_label(text: str) -> bool:
    """One or two words, no sentence: a journal section's name, or a masthead's."""
    return len(_WORDS.findall(text)) <= 2 and not text.rstrip().endswith(("?", "!", ".", ":"))


def _is_kicker(line: Line, line_size: float, size: float, largest: float) -> bool:
    """A line ending in a colon set right above the title in a type between body and title
    size: the topic the title is about."""
    return (
        line.text.rstrip().endswith(":")
        and size * SUBTITLE_SIZE <= line_size < largest
        and len(_WORDS.findall(line.text)) <= 6
    )


def _word_count(line: Line) -> int:
    return len(_WORDS.findall(line.text))


def _authors_above(first: list[Line], size: float) -> Line | None:
    """The authors' names in the largest type above a bold title (an edited volume's
    chapter: "Peter Stegmaier / Thomas Feltes", then the title), or None."""
    sizes = [ln.geometry.size for ln in first if ln.geometry]
    top = sizes.index(max(sizes))
    if top + 1 >= len(first) or not _names(first[top]):
        return None
    words = re.findall(r"[^\W\d_][\w'\u2019.\-]*", first[top].text)
    if not all(word[0].isupper() or word in _NAME_PARTICLES for word in words):
        return None  # "Stellenbesetzungen mit Hindernissen" is a title, not two names
    above, below = first[top].geometry, first[top + 1].geometry
    if above is None or below is None or not (below.bold or below.size >= size * 1.15):
        return None
    if above.bold == below.bold and abs(above.size - below.size) < 0.5:
        return None  # one style: the title's own lines
    if any(_names(line) for line in first[top + 2 : top + 5]):
        return None  # the names are below: "Leading Change" is a title, not a byline
    return first[top] if len(_WORDS.findall(first[top + 1].text)) >= 3 else None


def _spaced(lines: Sequence[Line]) -> str:
    return " ".join(line.text for line in lines)


def _without_marks(text: str) -> str:
    """A title without the note marks after it ("… und Kalkül*" -> "… und Kalkül"): the
    mark calls an author note, which the page shows as such."""
    return _NOTE_MARKS.sub("", text)


def _subtitle_start(lines: Sequence[Line]) -> int:
    """Where a subtitle set in the title's size begins: where the weight changes ("How open
    is 'open as possible'?" bold, "Three different approaches ..." regular), or after a line
    ending a sentence ("… Staatlichkeit." then "Bioethik und …"); len(lines) if nowhere."""
    for index in range(1, len(lines)):
        above, below = lines[index - 1].geometry, lines[index].geometry
        if above and below and above.bold != below.bold:
            return index
        if lines[index - 1].text.endswith((".", "?", "!")) and not _ABBREVIATION.search(
            lines[index - 1].text
        ):
            return index
    return len(lines)


def title_unit(units: Sequence[Unit]) -> bool:
    """Whether the first unit of a source without geometry is its title."""
    if not units or units[0].kind != "heading" or _has_call(units[0]):
        return False
    return len(units[0].lines) > 1 or len(units[0].text.split()) >= 3


def _has_call(unit: Unit) -> bool:
    return any(isinstance(part, Call) for part in unit.parts)


def _names(line: Line) -> tuple[str, ...]:
    """The authors a line names, or (): after a lead ending in "von" or "by" when one opens
    the line ("von Steffen Zdun", "Rezension von …"), else the line as printed."""
    text = (line.geometry.unraised if line.geometry else "") or line.text
    if _BYLINE_LEAD.match(text):
        return _name_list(_BYLINE_LEAD.sub("", text, count=1))
    return _name_list(text)


def _name_list(text: str) -> tuple[str, ...]:
    parts = [p.strip() for p in _NAME_SEPARATORS.split(text) if p.strip(" *")]
    parts = [part.strip(" *") for part in parts]
    if parts and all(_NAME.match(part) and part[0].isupper() for part in parts):
        return tuple(parts)
    return ()
