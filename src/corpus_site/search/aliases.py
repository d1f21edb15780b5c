"""The other names a passage goes by in search: aliases from the papers' own acronym
definitions, the acronyms it prints, and the parts of its hyphenated words (records.py says
why each is a field of its own)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from corpus_site.topics.glossary import Acronym, Glossary, normalise_phrase
from corpus_site.topics.index import Passage

# Two or more capitals, as printed ("US", "CPEC", "MoU" is not one); not the "US" of "US$".
_ACRONYM = re.compile(r"(?<![\w$])[A-Z][A-Z0-9]+(?![\w$])")
# Words joined by a hyphen ("Pak-Russia", "geo-economic", "Mi-35"); an en dash joins ranges.
_HYPHENS = "\u2010\u2011-"  # the ASCII hyphen last, where a character class takes it literally
# (From a word's start only: tried inside every word, `\w+` would rescan the rest of it.)
_COMPOUND = re.compile(rf"(?<!\w)\w+(?:[{_HYPHENS}]\w+)+")
_HYPHEN = re.compile(f"[{_HYPHENS}]")
_WORD = re.compile(rf"(?<![\w{_HYPHENS}])\w+(?![\w{_HYPHENS}])")
_FIRST_RUN = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


def printed_acronyms(text: str) -> list[str]:
    """The acronyms `text` prints in capitals, once per use."""
    return _ACRONYM.findall(text)


def compound_parts(text: str, bound: set[str]) -> list[str]:
    """The parts of `text`'s hyphenated words that are in `bound` (see `bound_parts`)."""
    return [
        part
        for compound in _COMPOUND.findall(text)
        for part in _HYPHEN.split(compound)
        if part.casefold() in bound
    ]


def defined_terms(glossary: Glossary, curated: set[str]) -> dict[str, dict[str, list[str]]]:
    """Paper slug -> passage id -> the terms that passage defines: the acronym, and its long
    form too where a topic names it. One walk over the glossary for the whole corpus."""
    defined: dict[str, dict[str, list[str]]] = {}
    for acronym in glossary.acronyms:
        long = glossary.long_keys[acronym]
        terms = [acronym.short, acronym.long] if long in curated else [acronym.short]
        for slug, passage_id in acronym.places:
            defined.setdefault(slug, {}).setdefault(passage_id, []).extend(terms)
    return defined


def bound_parts(passages: Iterable[Passage]) -> set[str]:
    """The parts of hyphenated words ("pak", "geo", "sino") that the corpus prints more often
    inside such words than on their own ("Pak Steel Mills" once, "Pak-Russia" five times),
    case-folded."""
    inside: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    for passage in passages:
        for compound in _COMPOUND.findall(passage.text):
            inside.update(map(str.casefold, _HYPHEN.split(compound)))
        alone.update(map(str.casefold, _WORD.findall(passage.text)))
    return {part for part, count in inside.items() if count > alone[part]}


def passage_aliases(text: str, glossary: Glossary, slug: str | None = None) -> list[str]:
    """The other names of what a passage names, as the papers define them; sorted: the long
    form of each acronym it uses (paper `slug`'s own definition, else the corpus's first;
    never every variant the corpus prints, which would grow with the corpus) and the acronym
    of each long form it spells out."""
    return AliasFinder(glossary).aliases(text, slug)


class AliasFinder:
    """`passage_aliases` for one glossary, without trying every acronym on every passage: a
    long form can only be spelled where its first word is, so only the long forms opening
    with one of the passage's words are looked for."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.by_first: dict[str, list[tuple[str, Acronym]]] = {}
        # Long forms that do not open with a word character (none that `find_acronyms`
        # accepts, but a glossary may come from elsewhere) are searched for one by one.
        self.odd: list[tuple[re.Pattern[str], Acronym]] = []
        for acronym, key in glossary.long_keys.items():
            first = _FIRST_RUN.match(key)
            if first is not None:
                self.by_first.setdefault(first.group(), []).append((key, acronym))
            else:
                self.odd.append((re.compile(rf"(?<!\w){re.escape(key)}(?!\w)"), acronym))

    def spelled(self, key: str) -> set[Acronym]:
        """The acronyms whose long form `key` (a `normalise_phrase` key) spells out as whole
        words."""
        found: set[Acronym] = set()
        for first in self.by_first.keys() & set(_FIRST_RUN.findall(key)):
            for long, acronym in self.by_first[first]:
                start = key.find(long)
                while start >= 0:
                    end = start + len(long)
                    if not _is_word_char(key, start - 1) and not _is_word_char(key, end):
                        found.add(acronym)
                        break
                    start = key.find(long, start + 1)
        found.update(acronym for pattern, acronym in self.odd if pattern.search(key))
        return found

    def aliases(self, text: str, slug: str | None = None) -> list[str]:
        found: set[str] = set()
        printed = set(_ACRONYM.findall(text))
        spelled = self.spelled(normalise_phrase(text))
        for short in printed:
            acronym = self.glossary.definition(short, slug)
            if acronym is not None and acronym not in spelled:
                found.add(acronym.long)
        found.update(acronym.short for acronym in spelled if acronym.short not in printed)
        return sorted(found, key=lambda alias: (alias.casefold(), alias))


def _is_word_char(text: str, position: int) -> bool:
    return 0 <= position < len(text) and _WORD_CHAR.match(text, position) is not None
