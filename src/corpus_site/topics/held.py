"""The automatic topics as the build's matcher finds them: `auto` proposes candidates from
phrase counts; a candidate is kept only where its terms land on passages of the papers.
"""

from __future__ import annotations

from dataclasses import replace

from corpus_site.model import Paper
from corpus_site.topics.auto import FoundTopics, find_topics, least_papers
from corpus_site.topics.glossary import Glossary
from corpus_site.topics.index import HitsCache, TopicIndex, build_index
from corpus_site.topics.phrases import count_phrases


def held_topics(
    papers: list[Paper], glossary: Glossary, cache: HitsCache | None = None
) -> tuple[FoundTopics, TopicIndex]:
    """The automatic topics and their index: a candidate whose terms land in fewer than two
    passages (its words claimed by another topic's longer term, a keyword printed with
    quotes) gathers nothing, nor, in a corpus of MANY_PAPERS or more, one found in one paper
    only (a topic page is there to gather what several papers say). Those give way to the
    next candidates, up to `auto.topic_limit`: only then are candidates sought and matched a
    second time. `cache`: as `build_index`'s."""
    counts = count_phrases(papers)
    least = least_papers(len({paper.meta.slug for paper in papers}))

    def kept(found: FoundTopics, index: TopicIndex) -> list[int]:
        return [
            number
            for number, topic in enumerate(found.topics)
            if len(index.mentions[topic.id]) >= 2
            and len({m.passage.paper.meta.slug for m in index.mentions[topic.id]}) >= least
        ]

    found = find_topics(papers, glossary, counts=counts)
    index = build_index(papers, found.topics, cache, glossary)
    if len(kept(found, index)) == len(found.topics):
        return found, index
    found = find_topics(papers, glossary, spare=2, counts=counts)
    index = build_index(papers, found.topics, cache, glossary)
    numbers = kept(found, index)
    if len(numbers) == len(found.topics) <= found.limit:
        return found, index
    found = replace(
        found,
        topics=tuple(found.topics[n] for n in numbers[: found.limit]),
        candidates=tuple(found.candidates[n] for n in numbers[: found.limit]),
    )
    return found, build_index(papers, found.topics, cache, glossary)
