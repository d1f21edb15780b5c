"""Acronyms the papers define themselves: "Shanghai Cooperation Organisation (SCO)".

The long form is found by walking back from the parenthesis, matching the acronym's letters
from last to first, the first letter at the start of a word (the Schwartz–Hearst method). Only
words and plain punctuation are accepted, so what reaches a tooltip is always ordinary text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from corpus_site.model import block_passages, iter_blocks, plain_text

if TYPE_CHECKING:
    from corpus_site.model import Paper

_DEFINITION = re.compile(r"\(([A-Z][A-Za-z0-9]{1,9})\)")
_LONG_WORD = re.compile(r"[^\W_][\w'\u2019&.\-\u2010\u2013]*")


@dataclass(frozen=True)
class Acronym:
    """An acronym, its long form, and where a paper defines it (paper slug, passage id)."""

    short: str
    long: str
    places: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Glossary:
    """Every acronym the corpus defines, sorted; the first definition of each is canonical."""

    acronyms: tuple[Acronym, ...]

    @cached_property
    def by_short(self) -> dict[str, tuple[Acronym, ...]]:
        """Acronym -> its definitions, in glossary order: one lookup instead of a scan, since
        a corpus of a thousand papers defines a thousand acronyms or more."""
        found: dict[str, list[Acronym]] = {}
        for acronym in self.acronyms:
            found.setdefault(acronym.short, []).append(acronym)
        return {short: tuple(acronyms) for short, acronyms in found.items()}

    @cached_property
    def long_keys(self) -> dict[Acronym, str]:
        """Each acronym's long form as `normalise_phrase` spells it, computed once."""
        return {acronym: normalise_phrase(acronym.long) for acronym in self.acronyms}

    @cached_property
    def shorts_are_words(self) -> bool:
        """Whether every acronym is a run of word characters opening with a capital, as those
        `find_acronyms` finds are (then a lookup of the text's capitalised words finds it)."""
        return all(re.fullmatch(r"[A-Z]\w*", short) for short in self.by_short)

    @cached_property
    def by_paper(self) -> dict[tuple[str, str], Acronym]:
        """(acronym, paper slug) -> the paper's own definition (its first, if several)."""
        found: dict[tuple[str, str], Acronym] = {}
        for acronym in self.acronyms:
            for slug, _ in acronym.places:
                found.setdefault((acronym.short, slug), acronym)
        return found

    def definition(self, short: str, slug: str | None = None) -> Acronym | None:
        """The definition of `short` that paper `slug` gives, else the corpus's first."""
        if slug is not None and (short, slug) in self.by_paper:
            return self.by_paper[short, slug]
        found = self.by_short.get(short, ())
        return found[0] if found else None

    def long_form(self, short: str, slug: str | None = None) -> str | None:
        """The long form of `short`, preferring the definition in paper `slug`."""
        acronym = self.definition(short, slug)
        return acronym.long if acronym is not None else None

    def used_in(self, text: str) -> list[str]:
        """The defined acronyms that occur as whole words in `text`, sorted."""
        shorts = sorted({a.short for a in self.acronyms}, key=lambda s: (-len(s), s))
        if not shorts:
            return []
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, shorts)) + r")(?!\w)")
        return sorted(set(pattern.findall(text)))


def normalise_phrase(text: str) -> str:
    """A comparison key: case, spacing, dashes and apostrophes do not matter."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2010\u2011\u2013\u2014]", "-", text).replace("\u2019", "'")
    return " ".join(text.split())


def long_form(before: str, short: str) -> str | None:
    """The words just before "(short)" that `short` abbreviates, or None."""
    words = before.split()[-min(len(short) + 5, len(short) * 2) :]
    candidate = " ".join(words)
    lower, letters = candidate.lower(), short.lower()
    position = len(lower) - 1
    for index in range(len(letters) - 1, -1, -1):
        letter = letters[index]
        while position >= 0 and (
            lower[position] != letter
            or (index == 0 and position > 0 and lower[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return None
        position -= 1
    start = candidate.rfind(" ", 0, position + 1) + 1
    result = candidate[start:].rstrip(" ,;:")
    if not all(_LONG_WORD.fullmatch(word) for word in result.split()):
        return None
    if len(result.split()) < 2 and "-" not in result:
        return None
    return result


def _passages(paper: Paper) -> Iterable[tuple[str, str]]:
    for _, block in iter_blocks(paper.document):
        for passage_id, inlines in block_passages(block):
            yield passage_id, plain_text(inlines)


def find_acronyms(papers: Iterable[Paper]) -> Glossary:
    """Every "Long Form (ABBR)" in the papers' paragraphs and list items."""
    places: dict[tuple[str, str], list[tuple[str, str]]] = {}
    first: dict[str, tuple[str, str]] = {}  # acronym -> its first (short, long) key
    for paper in papers:
        for passage_id, text in _passages(paper):
            for match in _DEFINITION.finditer(text):
                short = match.group(1)
                if sum(char.isupper() for char in short) < 2:
                    continue
                found = long_form(text[: match.start()], short)
                if found is None:
                    continue
                known = first.setdefault(short, (short, found))
                if normalise_phrase(known[1]) == normalise_phrase(found):
                    found = known[1]
                places.setdefault((short, found), []).append((paper.meta.slug, passage_id))
    acronyms = [Acronym(short, long, tuple(where)) for (short, long), where in places.items()]
    # Stable: by acronym, then in order of first definition in the corpus.
    return Glossary(tuple(sorted(acronyms, key=lambda a: a.short.casefold())))
