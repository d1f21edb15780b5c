r"""Find curated topics in a text: all terms and aliases in one regex, then each pattern.

A topic is found by its terms. A plain term matches as a whole word, whatever its case, and in
the plural ("pipeline" finds "pipelines"); a term with no lower-case letter is an acronym and
matches only as written ("US" is the United States, "us" is not). `regex` holds Python patterns
for what plain terms cannot say; they are case-sensitive unless they say `(?i:...)`. Acronyms a
paper defines ("Shanghai Cooperation Organisation (SCO)") are aliases of their long form.

All terms are compiled into one pattern, so the corpus is read once whatever the number of
topics; at any position the longest term or pattern wins, as in one alternation of them all.
The patterns are searched for one by one on the `regex` package (Python's syntax, plus the time
limit that `re` lacks): one that backtracks without end stops the build with its topics.yml line
instead of hanging it. Its `\w` follows Unicode, which `re` does not quite: ² and ½ are not
letters there, combining accents are.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import regex

from corpus_site.errors import MetadataError
from corpus_site.topics.glossary import Glossary, normalise_phrase

TIME_BUDGET = 1.0
"""Seconds a topic's own regex may take on one text. A sane pattern takes microseconds on a
passage; one that needs a second backtracks exponentially and would never end."""


@dataclass(frozen=True)
class Topic:
    """One curated subject; `line` is where it starts in topics.yml."""

    id: str
    label: str
    description: str = ""
    terms: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()
    line: int = 0
    regex_lines: tuple[int, ...] = ()  # the line of each `regex` item, when read from topics.yml

    def regex_line(self, number: int) -> int:
        """The topics.yml line of `regex[number]`."""
        return self.regex_lines[number] if number < len(self.regex_lines) else self.line


@dataclass(frozen=True)
class OwnPattern:
    """A topic's own `regex` item, as written, and where: what an error about it names."""

    topic: str
    source: str
    line: int


class PatternTimeout(MetadataError):
    """A topic's own regex took over TIME_BUDGET on one text: topics.yml must change."""

    def __init__(
        self, pattern: OwnPattern, where: str = "a text", path: Path | str = "topics.yml"
    ) -> None:
        self.pattern = pattern
        self.where = where
        message = (
            f"regex {pattern.source!r} of topic '{pattern.topic}' took over {TIME_BUDGET:g} s "
            f"on {where}; make it simpler: no nested repetition such as (?:\\w+\\s?)+, no "
            "overlapping alternatives under one repetition such as (?:\\w|[a-z])+"
        )
        super().__init__(path, message, pattern.line)

    def on(self, where: str | None = None, path: Path | None = None) -> PatternTimeout:
        """The same error, naming the text it happened on or the topics file it comes from."""
        return PatternTimeout(self.pattern, where or self.where, path or self.path)


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
    """All topics in one alternation, its order deciding which wins where two match; `find`
    reads a text once with `re` for the terms, and once with `regex` for each own pattern."""

    def __init__(self, topics: Iterable[Topic], glossary: Glossary) -> None:
        by_pattern: dict[str, list[str]] = defaultdict(list)
        weight: dict[str, int] = {}
        first: dict[str, str] = {}  # pattern of a term opening with an ASCII letter or digit
        openings: set[tuple[str, str, bool]] = set()  # such a term's first characters
        own: dict[str, OwnPattern] = {}  # a topic's own regex, wrapped as in the alternation
        self.terms: dict[str, tuple[str, ...]] = {}
        for topic in topics:
            terms = with_aliases(topic.terms, glossary)
            self.terms[topic.id] = terms
            first.update((term_pattern(t), t[0].lower()) for t in terms if _ascii_alnum(t[:1]))
            openings.update(_opening(t) for t in terms if _ascii_alnum(t[:1]))
            for number, source in enumerate(topic.regex):
                own.setdefault(
                    f"(?:{source})", OwnPattern(topic.id, source, topic.regex_line(number))
                )
            for pattern, size in [(term_pattern(t), len(t)) for t in terms] + [
                (f"(?:{p})", len(p)) for p in topic.regex
            ]:
                if topic.id not in by_pattern[pattern]:
                    by_pattern[pattern].append(topic.id)
                weight[pattern] = max(weight.get(pattern, 0), size)
        ordered = sorted(by_pattern, key=lambda p: (-weight[p], p))
        self._topics = {f"t{n}": tuple(by_pattern[p]) for n, p in enumerate(ordered)}
        self._rank = {f"t{n}": n for n in range(len(ordered))}
        alternatives = "|".join(f"(?P<t{n}>{p})" for n, p in enumerate(ordered))
        # The terms (escaped words: they cannot backtrack for long) run on `re`, as they always
        # have, in their order in the alternation. A term opening with an ASCII letter or digit
        # can only match where a word starts with that character (in either case): at such a
        # place only those terms and the few other ones (such as "(SCO)") are tried.
        named = [(f"(?P<t{n}>{p})", p) for n, p in enumerate(ordered) if p not in own]
        self._pattern = re.compile("|".join(g for g, _ in named)) if named else None
        self._by_first = {
            key: re.compile("|".join(g for g, p in named if first.get(p, key) == key))
            for key in set(first.values())
        }
        anywhere = [p for _, p in named if p not in first]
        others = [g for g, p in named if p not in first]
        self._others = re.compile("|".join(others)) if others else None
        # Where to try: word starts opening as some term does (most words do not), word starts
        # with a non-ASCII character, and places where an `anywhere` term matches. Every
        # alternative is zero-width, so `finditer` visits each such position once, in order.
        starts = [r"[^\W\x00-\x7f]"]
        if openings:
            starts.append(f"(?={_openings_pattern(openings)})")
        places = [r"(?<!\w)(?:" + "|".join(starts) + ")"]
        if anywhere:
            places.append(f"(?=(?:{'|'.join(anywhere)}))")
        self._places = re.compile("|".join(places)) if named else None
        # Each own pattern is searched for on its own, every place it matches at (overlapped),
        # within TIME_BUDGET: one that runs over it is the one to name.
        self._own = [(f"t{n}", regex.compile(p), own[p]) for n, p in enumerate(ordered) if p in own]
        # The engine's version too: another `regex` may find otherwise (its Unicode tables).
        found = (alternatives, sorted(self._topics.items()), regex.__version__)
        self.fingerprint = hashlib.sha256(repr(found).encode()).hexdigest()
        """Names what this matcher finds: two matchers with one fingerprint find the same."""

    def find(self, text: str) -> list[Hit]:
        """Every hit, as `finditer` of the whole alternation gives them, but trying at each
        place only the alternatives that can start there: many times faster.

        PatternTimeout when an own pattern takes over TIME_BUDGET on `text`.
        """
        own = self._find_own(text)
        places: Iterable[int] = (
            (place.start() for place in self._places.finditer(text)) if self._places else ()
        )
        if own:
            places = heapq.merge(places, sorted(own))
        hits: list[Hit] = []
        position = 0
        for start in places:
            if start < position:
                continue
            char = text[start]
            if char.isascii():
                pattern = self._by_first.get(char.lower(), self._others)
            else:  # (?i) can match a non-ASCII character to an ASCII one (K, Kelvin sign)
                pattern = self._pattern
            match = pattern.match(text, start) if pattern is not None else None
            name, end = (match.lastgroup or "", match.end()) if match else ("", start)
            if start in own:  # the first own pattern here, unless a term before it matched
                rank, own_name, own_end = own[start]
                if not name or rank < self._rank[name]:
                    name, end = own_name, own_end
            if not name:
                continue
            hits.append(Hit(start, end, self._topics[name]))
            position = max(end, start + 1)
        return hits

    def _find_own(self, text: str) -> dict[int, tuple[int, str, int]]:
        """Where an own pattern matches: position -> the first such pattern's rank in the
        alternation, its group name and where its match ends."""
        found: dict[int, tuple[int, str, int]] = {}
        for name, compiled, pattern in self._own:  # in the alternation's order
            rank = self._rank[name]
            try:
                for match in compiled.finditer(text, overlapped=True, timeout=TIME_BUDGET):
                    found.setdefault(match.start(), (rank, name, match.end()))
            except TimeoutError:
                raise PatternTimeout(pattern) from None
        return found


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
