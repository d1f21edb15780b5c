"""The topic index: every passage of the corpus, and which topics each one mentions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from corpus_site.model import ListBlock, Paper, Paragraph, Section, plain_text
from corpus_site.topics.glossary import Glossary, find_acronyms
from corpus_site.topics.matcher import Hit, PatternTimeout, Topic, TopicMatcher


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
    # True when the topics were found in the corpus (topics/auto.py), not read from topics.yml.
    automatic: bool = False
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
                if block.keywords:
                    continue
                number += 1
                text = plain_text(block.inlines)
                yield Passage(paper, section, block.id, f"¶\u00a0{number}", text)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    yield Passage(paper, section, item.id, item.label, plain_text(item.inlines))


class HitsCache(Protocol):
    """Where `build_index` keeps each paper's hits between builds (runtime.cache.DocumentCache)."""

    def hits_key(self, matcher: str, texts: list[str]) -> str: ...
    def get_hits(self, key: str) -> list[list[list[Any]]] | None: ...
    def put_hits(self, key: str, hits: list[list[list[Any]]]) -> None: ...


def build_index(
    papers: list[Paper],
    topics: tuple[Topic, ...],
    cache: HitsCache | None = None,
    glossary: Glossary | None = None,
) -> TopicIndex:
    """Match every topic against every passage, in one pass over the corpus.

    With a `cache`, a paper whose passages and matcher are unchanged since the last build
    takes its hits from there instead of being read again. `glossary`: the papers' acronyms,
    when the caller has found them already.
    """
    glossary = find_acronyms(papers) if glossary is None else glossary
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
            found = []
            for passage in passages:
                try:
                    found.append(matcher.find(passage.text))
                except PatternTimeout as error:  # a topic's regex ran too long: name where
                    raise error.on(f"passage {passage.id} of {paper.source.name}") from None
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
