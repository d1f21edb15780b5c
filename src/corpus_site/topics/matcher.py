"""Find curated topics in a text: each topic's terms, aliases and patterns in one regex.

A topic is found by its terms. A plain term matches as a whole word, whatever its case, and in
the plural ("pipeline" finds "pipelines"); a term with no lower-case letter is an acronym and
matches only as written ("US" is the United States, "us" is not). `regex` holds Python patterns
for what plain terms cannot say; they are case-sensitive unless they say `(?i:...)`. Acronyms a
paper defines ("Shanghai Cooperation Organisation (SCO)") are aliases of their long form.

All topics are compiled into one pattern, so the corpus is read once whatever the number of
topics; at any position the longest term wins.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from corpus_site.topics.glossary import Glossary, normalise_phrase


@dataclass(frozen=True)
class Topic:
    """One curated subject; `line` is where it starts in topics.yml."""

    id: str
    label: str
    description: str = ""
    terms: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()
    line: int = 0


def term_pattern(term: str) -> str:
    """The regex for one plain term: whole words, spacing and dash variants, plurals."""
    acronym = not any(char.islower() for char in term)
    parts: list[str] = []
    for char in term:
        if char.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif char in "-\u2010\u2011\u2013":
            parts.append("[-\u2010\u2011\u2013]")
        elif char in "'\u2019":
            parts.append("['\u2019]")
        else:
            parts.append(re.escape(char))
    body = "".join(parts)
    if not acronym:
        body = f"(?i:{body})(?:e?s)?"
    before = r"(?<!\w)" if term[0].isalnum() else ""
    after = r"(?!\w)" if term[-1].isalnum() else ""
    return f"{before}{body}{after}"


@dataclass(frozen=True)
class Hit:
    """One mention: where it is in a text and which topics it signals."""

    start: int
    end: int
    topics: tuple[str, ...]


class TopicMatcher:
    """All topics compiled into one alternation; `find` reads a text once."""

    def __init__(self, topics: Iterable[Topic], glossary: Glossary) -> None:
        by_pattern: dict[str, list[str]] = defaultdict(list)
        weight: dict[str, int] = {}
        first: dict[str, str] = {}  # pattern of a term opening with an ASCII letter or digit
        openings: set[tuple[str, str, bool]] = set()  # such a term's first characters
        self.terms: dict[str, tuple[str, ...]] = {}
        for topic in topics:
            terms = with_aliases(topic.terms, glossary)
            self.terms[topic.id] = terms
            first.update((term_pattern(t), t[0].lower()) for t in terms if _ascii_alnum(t[:1]))
            openings.update(_opening(t) for t in terms if _ascii_alnum(t[:1]))
            for pattern, size in [(term_pattern(t), len(t)) for t in terms] + [
                (f"(?:{p})", len(p)) for p in topic.regex
            ]:
                if topic.id not in by_pattern[pattern]:
                    by_pattern[pattern].append(topic.id)
                weight[pattern] = max(weight.get(pattern, 0), size)
        ordered = sorted(by_pattern, key=lambda p: (-weight[p], p))
        self._topics = {f"t{n}": tuple(by_pattern[p]) for n, p in enumerate(ordered)}
        alternatives = "|".join(f"(?P<t{n}>{p})" for n, p in enumerate(ordered))
        self._pattern = re.compile(alternatives) if ordered else None
        # A term opening with an ASCII letter or digit can only match where a word starts with
        # that character (in either case): at such a place only those terms and the few other
        # patterns (regexes, terms such as "(SCO)") are tried, in the same order as in the
        # whole alternation. The other patterns are searched for on their own.
        anywhere = [p for p in ordered if p not in first]
        self._anywhere = re.compile("|".join(anywhere)) if anywhere else None
        named = [(f"(?P<t{n}>{p})", p) for n, p in enumerate(ordered)]
        self._by_first = {
            key: re.compile("|".join(g for g, p in named if first.get(p, key) == key))
            for key in set(first.values())
        }
        others = [g for g, p in named if p not in first]
        self._others = re.compile("|".join(others)) if others else None
        # Where to try: word starts opening as some term does (most words do not), word starts
        # with a non-ASCII character, and places where an `anywhere` pattern matches. Every
        # alternative is zero-width, so `finditer` visits each such position once, in order.
        starts = [r"[^\W\x00-\x7f]"]
        if openings:
            starts.append(f"(?={_openings_pattern(openings)})")
        places = [r"(?<!\w)(?:" + "|".join(starts) + ")"]
        if anywhere:
            places.append(f"(?=(?:{'|'.join(anywhere)}))")
        self._places = re.compile("|".join(places))
        digest = hashlib.sha256(repr((alternatives, sorted(self._topics.items()))).encode())
        self.fingerprint = digest.hexdigest()
        """Names what this matcher finds: two matchers with one fingerprint find the same."""

    def find(self, text: str) -> list[Hit]:
        """Every hit, as `finditer` of the whole alternation gives them, but trying at each
        place only the alternatives that can start there: many times faster."""
        if self._pattern is None:
            return []
        hits: list[Hit] = []
        position = 0
        for place in self._places.finditer(text):
            start = place.start()
            if start < position:
                continue
            char = text[start]
            if char.isascii():
                pattern = self._by_first.get(char.lower(), self._others)
            else:  # (?i) can match a non-ASCII character to an ASCII one (K, Kelvin sign)
                pattern = self._pattern
            match = pattern.match(text, start) if pattern is not None else None
            if match is None:
                continue
            hits.append(Hit(match.start(), match.end(), self._topics[match.lastgroup or ""]))
            position = max(match.end(), start + 1)
        return hits


def _ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _opening(term: str) -> tuple[str, str, bool]:
    """The first character of `term` (ASCII), the next ones that `term_pattern` takes literally
    (up to two), and whether it is an acronym (matched as written)."""
    literal = ""
    for char in term[1:3]:
        if char.isspace() or char in "-\u2010\u2011\u2013'\u2019":
            break
        literal += char
    return term[0], literal, not any(char.islower() for char in term)


def _openings_pattern(openings: set[tuple[str, str, bool]]) -> str:
    """A pattern matching where any of the terms with these openings may match.

    Grouped by first character, given as a set, which the regex engine rejects fast. A
    non-ASCII character that (?i) would also take for it (the Kelvin sign for k) does not
    match the set, but is a place to try anyway.
    """
    acronyms = sorted({re.escape(first + rest) for first, rest, acronym in openings if acronym})
    groups: dict[str, set[str]] = defaultdict(set)
    for first, rest, acronym in openings:
        if not acronym:
            groups[first.lower()].add(re.escape(rest))
    words = [
        f"[{re.escape(first)}{re.escape(first.upper())}](?i:{'|'.join(sorted(rests))})"
        for first, rests in sorted(groups.items())
    ]
    return "|".join(acronyms + words)


def with_aliases(terms: Iterable[str], glossary: Glossary) -> tuple[str, ...]:
    """A topic's terms plus the acronyms (or long forms) the papers define for them."""
    out = list(dict.fromkeys(terms))
    for term in list(out):
        key = normalise_phrase(term)
        for acronym, long in glossary.long_keys.items():
            if key == long:
                out.append(acronym.short)
            elif term == acronym.short:
                out.append(acronym.long)
    return tuple(dict.fromkeys(out))
