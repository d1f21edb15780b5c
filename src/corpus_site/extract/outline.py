"""Which heading units head a section of the paper, judged over the whole paper.

A line can look like a heading (bold, larger, numbered) and still not head a section: the
entries of a table of contents, the rows of an imprint or a series' list of titles, the items
of a questionnaire, the labels of a chart. One line alone cannot tell them apart; the paper
can: a contents entry is repeated later where its section begins, and the others come in runs
of headings with next to no text under each and no sentence ended, while a real section, even
a short one ("Funding", "Acknowledgements"), has prose. Such units are
made paragraphs: their words stay, in place.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from corpus_site.extract.segment import Unit

# Fewer words than this under a heading (before the next) make its section short.
SHORT_SECTION_WORDS = 40
# This many short sections in a row are a list set in bold, not a paper's sections.
SHORT_RUN = 3
LONG_RUN = 8  # ... and this many whatever they say
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?$")
# A table's or figure's label on a line of its own, its title on the next.
_CAPTION_LABEL = re.compile(
    r"(?i:table|tab\.|tabelle|figure|fig\.|abbildung|abb\.|grafik|chart|schaubild|exhibit)"
    r"\s*[A-Z]?\d+[a-z]?[.:]?"
)
_PAGE_REFERENCE = re.compile(r"(?:\s*\.){2,}\s*\d*$|\s+\d{1,3}$")


@dataclass
class _Heading:
    """A heading unit and what stands under it before the next heading."""

    index: int
    key: str  # its text as a table of contents would repeat it
    words: int = 0
    says: bool = False  # the text under it ends a sentence


def settle_headings(units: Sequence[Unit], title: str | None = None) -> None:
    """Make paragraphs of the heading units that head no section (contents entries, runs of
    headings with next to no text under them, a table's or figure's title under its label
    "Table 1", the paper's `title` printed again)."""
    headings: list[_Heading] = []
    # The title as printed again atop the article's page: whole, or its part after a colon.
    repeated = {_fold(title), _fold(title.rpartition(":")[2])} if title else set()
    for index, unit in enumerate(units):
        if unit.kind == "heading" and _not_a_section(units, index, repeated, not headings):
            unit.kind = "para"
        if unit.kind == "heading":
            headings.append(_Heading(index, _key(unit)))
        elif headings:
            text = unit.text
            headings[-1].words += len(text.split())
            headings[-1].says = bool(_SENTENCE_END.search(text.rstrip()))
    for index in _contents_entries(headings) | _short_runs(units, headings):
        units[index].kind = "para"


def _not_a_section(units: Sequence[Unit], index: int, title: set[str], first: bool) -> bool:
    """A caption's title right under its label ("TABLE 1", "Tabelle 3"), or, as the paper's
    first heading, its title printed again (on the article's page after a cover): the whole
    title, or its part after a colon, of three words or more."""
    if index and _CAPTION_LABEL.fullmatch(" ".join(units[index - 1].text.split())):
        return True
    text = _fold(units[index].text)
    return first and len(text.split()) >= 3 and text in title


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", unicodedata.normalize("NFKC", text).casefold()).split())


def _key(unit: Unit) -> str:
    text = _PAGE_REFERENCE.sub("", " ".join(unit.text.split()))
    return unicodedata.normalize("NFKC", text).casefold()


def _contents_entries(headings: list[_Heading]) -> set[int]:
    """The headings of a table of contents: a run of headings in a row with next to no text
    under each, two or more of which a later heading repeats."""
    later: dict[str, int] = {}
    for heading in reversed(headings):
        later.setdefault(heading.key, heading.index)
    found: set[int] = set()
    run: list[_Heading] = []
    for each in [*headings, None]:
        if each is not None and each.words < SHORT_SECTION_WORDS:
            run.append(each)
            continue
        if run:
            last = run[-1].index
            if sum(1 for h in run if later[h.key] > last) >= 2:
                found.update(h.index for h in run)
        run = []
    return found


def _short_runs(units: Sequence[Unit], headings: list[_Heading]) -> set[int]:
    """Headings in runs of at least SHORT_RUN short sections in a row; a heading whose
    section opens with a deeper heading (a chapter and its first subsection) ends a run."""
    found: set[int] = set()
    run: list[_Heading] = []
    followers: list[_Heading | None] = [*headings[1:], None]
    for heading, following in zip(headings, followers, strict=False):
        parent = (
            following is not None
            and following.index == heading.index + 1
            and units[following.index].level > units[heading.index].level
        )
        if not parent and heading.words < SHORT_SECTION_WORDS:
            run.append(heading)
            continue
        found.update(_listed(units, run))
        run = []
    found.update(_listed(units, run))
    return found


def _listed(units: Sequence[Unit], run: list[_Heading]) -> list[int]:
    """The headings of a run that are entries of a list: all of a long enough run, but its
    first when that is set larger than the others (the list's own heading: "Impressum",
    "In this series")."""
    if len(run) < SHORT_RUN:
        return []
    # A paper's own short sections in a row ("Funding", "Acknowledgements", "Declarations")
    # end their sentences; a list's entries mostly do not, unless the list runs on and on (a
    # series' titles).
    if len(run) < LONG_RUN and sum(heading.says for heading in run) > 1:
        return []
    indexes = [heading.index for heading in run]
    first, *rest = (_size(units[index]) for index in indexes)
    if first - statistics.median(rest) >= 1:
        return indexes[1:]
    return indexes


def _size(unit: Unit) -> float:
    geometry = unit.lines[0].geometry if unit.lines else None
    return geometry.size if geometry is not None else 0.0
