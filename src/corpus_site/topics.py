"""Curated topics (`corpus/topics.yml`): read and validate them, and find them in the papers.

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from corpus_site.corpus import Corpus, Paper
from corpus_site.errors import MetadataError
from corpus_site.glossary import Glossary, find_acronyms, normalise_phrase
from corpus_site.model import ListBlock, Paragraph, Section, plain_text

TOPICS_FILE = "topics.yml"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_KEYS = {
    "id": "a lower-case slug such as 'cpec'",
    "label": "a string",
    "description": "a one-line string",
    "terms": "a list of words or phrases",
    "regex": "a list of Python regular expressions",
}
_RESERVED_IDS = frozenset({"index"})


@dataclass(frozen=True)
class Topic:
    """One curated subject; `line` is where it starts in topics.yml."""

    id: str
    label: str
    description: str = ""
    terms: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()
    line: int = 0


# -- reading topics.yml --------------------------------------------------------------------


def load_topics(root: Path) -> tuple[Topic, ...]:
    """The topics of the corpus at `root`, or none when it has no topics.yml."""
    path = root / TOPICS_FILE
    return read_topics(path) if path.is_file() else ()


def read_topics(path: Path) -> tuple[Topic, ...]:
    """Parse and validate a topics file; every problem names file and line."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        raise MetadataError(path, "not UTF-8 text") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else None
        raise MetadataError(path, f"YAML does not parse: {error.problem}", line) from None
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise MetadataError(path, "topics.yml must be a list of topics", _line(node))
    topics: list[Topic] = []
    seen: dict[str, int] = {}
    for item in node.value:
        topic = _read_topic(path, item)
        if topic.id in seen:
            raise MetadataError(
                path,
                f"duplicate topic id '{topic.id}' (first on line {seen[topic.id]})",
                topic.line,
            )
        seen[topic.id] = topic.line
        topics.append(topic)
    return tuple(topics)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _read_topic(path: Path, node: yaml.Node) -> Topic:
    if not isinstance(node, yaml.MappingNode):
        raise MetadataError(path, "each topic must be a mapping (id, label, terms…)", _line(node))
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key, line = key_node.value, _line(key_node)
        if key not in _KEYS:
            allowed = ", ".join(sorted(_KEYS))
            raise MetadataError(path, f"unknown key '{key}' (allowed: {allowed})", line)
        if key in values:
            raise MetadataError(path, f"key '{key}' is given twice", line)
        values[key] = _read_value(path, key, value_node)
    line = _line(node)
    for key in ("id", "label"):
        if key not in values:
            raise MetadataError(path, f"topic has no '{key}'", line)
    if not _ID.fullmatch(values["id"]) or values["id"] in _RESERVED_IDS:
        raise MetadataError(path, f"id '{values['id']}' must be {_KEYS['id']}", line)
    if not values.get("terms") and not values.get("regex"):
        raise MetadataError(path, f"topic '{values['id']}' has no terms and no regex", line)
    return Topic(
        id=values["id"],
        label=values["label"],
        description=values.get("description", ""),
        terms=tuple(term for term, _ in values.get("terms", ())),
        regex=tuple(pattern for pattern, _ in values.get("regex", ())),
        line=line,
    )


def _read_value(path: Path, key: str, node: yaml.Node) -> Any:
    line = _line(node)
    if key in {"terms", "regex"}:
        if not isinstance(node, yaml.SequenceNode):
            raise MetadataError(path, f"key '{key}' must be {_KEYS[key]}", line)
        items: list[tuple[str, int]] = []
        for item in node.value:
            item_line = _line(item)
            if not isinstance(item, yaml.ScalarNode) or item.tag != "tag:yaml.org,2002:str":
                raise MetadataError(path, f"key '{key}' must be {_KEYS[key]}", item_line)
            if not item.value.strip():
                raise MetadataError(path, f"empty entry in '{key}'", item_line)
            if key == "regex":
                _check_regex(path, item.value, item_line)
            items.append((item.value.strip() if key == "terms" else item.value, item_line))
        return items
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        raise MetadataError(path, f"key '{key}' must be {_KEYS[key]}", line)
    if not node.value.strip():
        raise MetadataError(path, f"key '{key}' is empty", line)
    if key == "description" and "\n" in node.value.strip():
        raise MetadataError(path, "key 'description' must be one line", line)
    return node.value.strip()


def _check_regex(path: Path, pattern: str, line: int) -> None:
    try:
        # Wrapped as it will be in the combined pattern, so misplaced global flags fail here.
        compiled = re.compile(f"(?:{pattern})")
    except re.error as error:
        raise MetadataError(path, f"regex {pattern!r} does not compile: {error}", line) from None
    if compiled.groups:
        raise MetadataError(path, f"regex {pattern!r}: use (?:...) instead of groups", line)
    if compiled.match(""):
        raise MetadataError(path, f"regex {pattern!r} matches the empty string", line)


# -- matching ------------------------------------------------------------------------------


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


# -- the index -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A paragraph or list item that can be linked to: its anchor, label and words."""

    paper: Paper
    section: Section
    id: str
    label: str
    text: str


@dataclass(frozen=True)
class Mention:
    """The mentions of one topic in one passage."""

    passage: Passage
    spans: tuple[tuple[int, int], ...]


@dataclass
class TopicIndex:
    """Every topic with the passages that mention it, in corpus order."""

    topics: tuple[Topic, ...]
    papers: list[Paper]
    glossary: Glossary
    matcher: TopicMatcher
    mentions: dict[str, list[Mention]]
    passage_topics: dict[str, list[str]]  # "slug#anchor" -> topic ids, in order of first mention
    passages: dict[str, list[Passage]]  # paper slug -> its passages, made once for every page
    # topic id -> paper slug -> mentions, grouped on first use: pages ask for every pair.
    _by_paper: dict[str, dict[str, list[Mention]]] = field(default_factory=dict, repr=False)

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)

    def in_paper(self, topic_id: str, slug: str) -> list[Mention]:
        if not self._by_paper:
            for key, found in self.mentions.items():
                grouped = self._by_paper.setdefault(key, {})
                for mention in found:
                    grouped.setdefault(mention.passage.paper.meta.slug, []).append(mention)
        return list(self._by_paper[topic_id].get(slug, ()))  # an unknown topic: KeyError

    def passages_of(self, paper: Paper) -> list[Passage]:
        """`iter_passages(paper)`, as the index read them."""
        return self.passages[paper.meta.slug]

    def related(self, topic_id: str) -> list[tuple[Topic, int]]:
        """Topics sharing passages with `topic_id`, most shared first."""
        shared: dict[str, int] = defaultdict(int)
        for mention in self.mentions[topic_id]:
            key = passage_key(mention.passage)
            for other in self.passage_topics.get(key, ()):
                if other != topic_id:
                    shared[other] += 1
        order = {t.id: n for n, t in enumerate(self.topics)}
        ranked = sorted(shared.items(), key=lambda item: (-item[1], order[item[0]]))
        return [(self.topic(other), count) for other, count in ranked]


def passage_key(passage: Passage) -> str:
    return f"{passage.paper.meta.slug}#{passage.id}"


def iter_passages(paper: Paper) -> Iterable[Passage]:
    """Every paragraph and list item of a paper, except the printed keywords line."""
    for section in paper.document.sections:
        number = 0
        for block in section.blocks:
            if isinstance(block, Paragraph):
                if block.id.endswith("-keywords"):
                    continue
                number += 1
                text = plain_text(block.inlines)
                yield Passage(paper, section, block.id, f"¶\u00a0{number}", text)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    yield Passage(paper, section, item.id, item.label, plain_text(item.inlines))


class HitsCache(Protocol):
    """Where `build_index` keeps each paper's hits between builds (cache.DocumentCache)."""

    def hits_key(self, matcher: str, texts: list[str]) -> str: ...
    def get_hits(self, key: str) -> list[list[list[Any]]] | None: ...
    def put_hits(self, key: str, hits: list[list[list[Any]]]) -> None: ...


def build_index(
    papers: list[Paper], topics: tuple[Topic, ...], cache: HitsCache | None = None
) -> TopicIndex:
    """Match every topic against every passage, in one pass over the corpus.

    With a `cache`, a paper whose passages and matcher are unchanged since the last build
    takes its hits from there instead of being read again.
    """
    glossary = find_acronyms(papers)
    matcher = TopicMatcher(topics, glossary)
    mentions: dict[str, list[Mention]] = {topic.id: [] for topic in topics}
    passage_topics: dict[str, list[str]] = {}
    by_paper: dict[str, list[Passage]] = {}
    for paper in papers:
        passages = by_paper[paper.meta.slug] = list(iter_passages(paper))
        key = cache.hits_key(matcher.fingerprint, [p.text for p in passages]) if cache else ""
        stored = cache.get_hits(key) if cache else None
        if stored is not None and len(stored) == len(passages):
            found = [[Hit(start, end, tuple(ids)) for start, end, ids in hits] for hits in stored]
        else:
            found = [matcher.find(passage.text) for passage in passages]
            if cache:
                cache.put_hits(key, [[[h.start, h.end, list(h.topics)] for h in f] for f in found])
        for passage, hits in zip(passages, found, strict=True):
            spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
            for hit in hits:
                for topic_id in hit.topics:
                    spans[topic_id].append((hit.start, hit.end))
            for topic_id, where in spans.items():
                mentions[topic_id].append(Mention(passage, tuple(where)))
            if spans:
                passage_topics[passage_key(passage)] = list(spans)
    return TopicIndex(topics, papers, glossary, matcher, mentions, passage_topics, by_paper)


def index_corpus(corpus: Corpus, cache: HitsCache | None = None) -> TopicIndex | None:
    """The topic index of a corpus, or None when its folder has no topics.yml."""
    topics = load_topics(corpus.root)
    return build_index(corpus.papers, topics, cache) if topics else None
