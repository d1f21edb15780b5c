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

from corpus_site.extract.segment import Unit

# Fewer words than this under a heading (before the next) make its section short.
SHORT_SECTION_WORDS = 40
# This many short sections in a row are a list set in bold, not a paper's sections.
SHORT_RUN = 3
LONG_RUN = 8  # ... and this many whatever they say
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?$")
_PAGE_REFERENCE = re.compile(r"(?:\s*\.){2,}\s*\d*$|\s+\d{1,3}$")


def settle_headings(units: Sequence[Unit]) -> None:
    """Make paragraphs of the heading units that head no section (contents entries, runs of
    headings with next to no text under them)."""
    headings = [index for index, unit in enumerate(units) if unit.kind == "heading"]
    for index in _contents_entries(units, headings) | _short_runs(units, headings):
        units[index].kind = "para"


def _key(unit: Unit) -> str:
    text = _PAGE_REFERENCE.sub("", " ".join(unit.text.split()))
    return unicodedata.normalize("NFKC", text).casefold()


def _contents_entries(units: Sequence[Unit], headings: list[int]) -> set[int]:
    """The headings of a table of contents: a run of headings in a row with next to no text
    under each, two or more of which a later heading repeats."""
    later: dict[str, int] = {}
    for index in reversed(headings):
        later.setdefault(_key(units[index]), index)
    found: set[int] = set()
    run: list[int] = []
    for index in [*headings, len(units)]:
        if index < len(units) and _words_under(units, index) < SHORT_SECTION_WORDS:
            run.append(index)
            continue
        repeated = [i for i in run if later.get(_key(units[i]), i) > run[-1]]
        if len(repeated) >= 2:
            found.update(run)
        run = []
    return found


def _short_runs(units: Sequence[Unit], headings: list[int]) -> set[int]:
    """Headings in runs of at least SHORT_RUN short sections in a row; a heading whose
    section opens with a deeper heading (a chapter and its first subsection) ends a run."""
    found: set[int] = set()
    run: list[int] = []
    for position, index in enumerate(headings):
        following = headings[position + 1] if position + 1 < len(headings) else None
        parent = (
            following is not None
            and following == index + 1
            and units[following].level > units[index].level
        )
        if not parent and _words_under(units, index) < SHORT_SECTION_WORDS:
            run.append(index)
            continue
        found.update(_listed(units, run))
        run = []
    found.update(_listed(units, run))
    return found


def _listed(units: Sequence[Unit], run: list[int]) -> list[int]:
    """The headings of a run that are entries of a list: all of a long enough run, but its
    first when that is set larger than the others (the list's own heading: "Impressum",
    "In this series")."""
    if len(run) < SHORT_RUN:
        return []
    # A paper's own short sections in a row ("Funding", "Acknowledgements", "Declarations")
    # end their sentences; a list's entries mostly do not, unless the list runs on and on (a
    # series' titles).
    if len(run) < LONG_RUN and sum(_says(units, index) for index in run) > 1:
        return []
    first, *rest = (_size(units[index]) for index in run)
    if first - statistics.median(rest) >= 1:
        return run[1:]
    return run


def _size(unit: Unit) -> float:
    geometry = unit.lines[0].geometry if unit.lines else None
    return geometry.size if geometry is not None else 0.0


def _says(units: Sequence[Unit], index: int) -> bool:
    """Whether the text under the heading at `index` ends a sentence: an entry of a list
    (a name, a title, an address, a figure) seldom does, a short section of a paper
    ("Funding", "Acknowledgements") does."""
    text = ""
    for unit in units[index + 1 :]:
        if unit.kind == "heading":
            break
        text = unit.text
    return bool(_SENTENCE_END.search(text.rstrip()))


def _words_under(units: Sequence[Unit], index: int) -> int:
    """The words between the heading at `index` and the next heading."""
    words = 0
    for unit in units[index + 1 :]:
        if unit.kind == "heading":
            break
        words += len(unit.text.split())
    return words
