"""Search that lands on the passage: the paper pages' search records, made from their Documents.

The search plugin indexes a page by its headings, so a hit on "Gwadar" would open the top of
"Policy Recommendations". The plugin skips the paper pages instead, and `iter_docs` makes
their records (`rebuild_index` collects them into an index): the page (title and header
facts), each heading (its title only), one record per paragraph and list item, pointing at
the passage's stable id and titled "section · label" (Material groups the results under the
paper's title), and one per note, at the note.
Records of other pages are kept.

Passage records carry five fields that the search configuration indexes (with boosts chosen
by bench/search_quality.py) and the result list does not show:

- `acronyms`: the acronyms printed in capitals, once per use, so "US" finds the United States
  (in proportion to how often a passage names it) rather than "use";
- `aliases`: the other names of what the passage names, from the papers' own definitions, so
  "Shanghai Cooperation Organisation" finds a passage that only says "SCO", and the reverse;
- `defines`: the acronyms the passage defines ("… Corridor (CPEC)"), the best landing place;
- `compounds`: the parts of the passage's hyphenated words that the corpus prints mostly
  inside such words ("Pak" of "Pak-Russia", "geo" of "geo-economic"), once per use. Lunr's query
  parser splits a query at every hyphen, whatever the configured separator, so "Pak-Russia"
  asks for "pak" and "russia*" anywhere, and passages whose heading says "Russia" lead; such
  a part is nearly always looking for its compounds, so boosting it lifts the passages that
  print them, while a query for a word used on its own ("peace" of "peace-loving") is not;
- `topics`: the label of each topic (topics.yml) the passage mentions, once per mention, so a
  topic's name ("Afghan peace process") finds the passages that dwell on it before the ones
  that merely share a word with it.

Pure: the index is the parsed `search_index.json`; nothing here opens a file (`write_index`
writes to the stream it is given, a record at a time, so no index is ever one string).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol

from corpus_site.ids import UNCALLED_NOTES_ID, note_key
from corpus_site.model import Corpus, Paper, plain_text
from corpus_site.pages.markdown import (
    UNCALLED_NOTES,
    called_notes,
    display_title,
    publication,
)
from corpus_site.pages.paths import paper_path, topic_path
from corpus_site.search.aliases import (
    AliasFinder,
    bound_parts,
    compound_parts,
    defined_terms,
    printed_acronyms,
)
from corpus_site.topics.glossary import find_acronyms, normalise_phrase
from corpus_site.topics.index import Passage, TopicIndex, iter_passages
from corpus_site.topics.matcher import Topic
from corpus_site.topics.pages import found_by, topic_counts

ALIASES = "aliases"
DEFINES = "defines"
ACRONYMS = "acronyms"
COMPOUNDS = "compounds"
TOPICS = "topics"
# Among equally good matches a recommendation comes first (a tie-breaker, not a weight:
# readers come for the recommendations), and a paper's own page record, whose title words
# would otherwise outrank and fold away the passages under it, stays the group's heading
# without leading it.
RECOMMENDATION_BOOST = 1.001
PAPER_PAGE_BOOST = 0.1
# The sections of the other generated pages (topic pages, recommendations, home) quote the
# papers' passages; the passage itself should come first, so the quotes count for less. The
# pages themselves keep their weight: a topic page leads for its topic's name.
QUOTE_BOOST = 0.1
SEPARATOR = " · "
SearchIndex = dict[str, Any]


class Writer(Protocol):
    def write(self, text: str, /) -> object: ...


def rebuild_index(
    index: SearchIndex,
    corpus: Corpus,
    page_urls: Mapping[str, str],
    topics: TopicIndex | None = None,
    **options: Any,
) -> SearchIndex:
    """A copy of `index` with the paper pages' records made from their Documents.

    Records the search plugin made of a paper page, if any, are dropped (the plugin is told
    to skip those pages: parsing their HTML again would only find what the Documents hold).
    `page_urls` maps a generated page's path (`papers/x.md`, as `site.render_site` names it) to
    its URL as the index spells it (`papers/x/`, or `papers/x.html` in offline builds);
    `topics` supplies the glossary (found afresh without it). `options`: as `iter_docs`.
    """
    return {**index, "docs": list(iter_docs(index, corpus, page_urls, topics, **options))}


def write_index(index: SearchIndex, docs: Iterable[dict[str, Any] | str], stream: Writer) -> None:
    """Write `index` with `docs` for its records to `stream`, one record at a time, as
    `json.dump(..., ensure_ascii=False, separators=(",", ":"))` would write it whole; a
    record given as a string is its JSON, written so already."""
    head = {key: value for key, value in index.items() if key != "docs"}
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    stream.write(opening + (',"docs":[' if head else '"docs":['))
    for number, doc in enumerate(docs):
        if number:
            stream.write(",")
        if isinstance(doc, str):
            stream.write(doc)
        else:
            stream.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
    stream.write("]}")


def iter_docs(
    index: SearchIndex,
    corpus: Corpus,
    page_urls: Mapping[str, str],
    topics: TopicIndex | None = None,
    *,
    recommendation_boost: float = RECOMMENDATION_BOOST,
    paper_page_boost: float = PAPER_PAGE_BOOST,
    quote_boost: float = QUOTE_BOOST,
    define_long_forms: bool = True,
) -> Iterator[dict[str, Any]]:
    """The records of `rebuild_index`, made one paper at a time: the other pages' records,
    then `corpus_records`."""
    yield from search_plugin_records(index, corpus, page_urls, topics, quote_boost=quote_boost)
    yield from corpus_records(
        corpus,
        page_urls,
        topics,
        recommendation_boost=recommendation_boost,
        paper_page_boost=paper_page_boost,
        define_long_forms=define_long_forms,
    )


def search_plugin_records(
    index: SearchIndex,
    corpus: Corpus,
    page_urls: Mapping[str, str],
    topics: TopicIndex | None = None,
    *,
    quote_boost: float = QUOTE_BOOST,
) -> Iterator[dict[str, Any]]:
    """The search plugin's records, but for those of the pages `corpus_records` indexes."""
    papers, topic_urls = _corpus_pages(corpus, page_urls, topics)
    own = papers.keys() | topic_urls.keys()
    for record in index.get("docs", []):
        url, hashed, _ = str(record.get("location", "")).partition("#")
        if url in own:
            continue
        if hashed and quote_boost != 1:
            yield {**record, "boost": quote_boost}
        else:
            yield record


def _corpus_pages(
    corpus: Corpus, page_urls: Mapping[str, str], topics: TopicIndex | None
) -> tuple[dict[str, Paper], dict[str, Topic]]:
    """The URLs of the paper and topic pages that `corpus_records` indexes."""
    papers = {url: paper for paper in corpus.papers if (url := page_urls.get(paper_path(paper)))}
    topic_urls: dict[str, Topic] = {}
    if topics is not None:
        topic_urls = {url: t for t in topics.topics if (url := page_urls.get(topic_path(t.id)))}
    return papers, topic_urls


def corpus_records(
    corpus: Corpus,
    page_urls: Mapping[str, str],
    topics: TopicIndex | None = None,
    *,
    recommendation_boost: float = RECOMMENDATION_BOOST,
    paper_page_boost: float = PAPER_PAGE_BOOST,
    define_long_forms: bool = True,
) -> Iterator[dict[str, Any]]:
    """The records of the topic pages, then of the paper pages, in `page_urls`: made from the
    topic index and the Documents alone, so they can be made before MkDocs has built a page."""
    papers, topic_urls = _corpus_pages(corpus, page_urls, topics)
    if topics is not None:
        for url, topic in topic_urls.items():
            yield topic_record(topics, topic, url)
    glossary = topics.glossary if topics is not None else find_acronyms(corpus.papers)
    # A curated subject's long form leads to where the paper defines it; another acronym's
    # ("Khyber Pakhtunkhwa Oil and Gas Company Limited") would pull "gas" queries there.
    curated: set[str] = set()
    if topics is not None and define_long_forms:
        curated = {normalise_phrase(t) for terms in topics.matcher.terms.values() for t in terms}
    bound = bound_parts(p for paper in corpus.papers for p in _passages(paper, topics))
    defined = defined_terms(glossary, curated)
    aliases = AliasFinder(glossary)  # built once: it indexes every long form
    for url, paper in papers.items():
        page = page_record(paper, url)
        if paper_page_boost != 1:
            page["boost"] = paper_page_boost
        yield page
        labels = _topic_labels(paper, topics)
        records = _passage_records(
            paper,
            _passages(paper, topics),
            url,
            aliases,
            recommendation_boost,
            defined.get(paper.meta.slug, {}),
            labels,
            bound,
        )
        for section in paper.document.sections:
            if section.heading.strip():
                # The heading stays findable by its title; its words live in the passages.
                title = html.escape(section.heading.strip(), quote=False)
                yield {"location": f"{url}#{section.id}", "title": title, "text": ""}
            yield from records.get(section.id, [])
        yield from note_records(paper, url)


def page_record(paper: Paper, url: str) -> dict[str, Any]:
    """The record of a paper's page: its title, and the facts its header prints."""
    document, meta = paper.document, paper.meta
    facts = [
        ", ".join(meta.authors or document.authors),
        ", ".join(publication(meta)),
        *document.author_notes,
        ", ".join(meta.keywords or document.keywords),
    ]
    text = " ".join(f"<p>{html.escape(fact, quote=False)}</p>" for fact in facts if fact)
    title = html.escape(display_title(meta, document), quote=False)
    return {"location": url, "title": title, "text": text}


def topic_record(index: TopicIndex, topic: Topic, url: str) -> dict[str, Any]:
    """The one record of a topic's page: its name, description, terms and counts. The
    page's keyword-in-context quotes stay out of the index: the passages they quote have
    their own records, and at a thousand papers the quotes would double the index."""
    facts = [
        topic.description,
        found_by(topic, list(index.matcher.terms[topic.id])),
        topic_counts(index, topic),
    ]
    text = " ".join(f"<p>{html.escape(fact, quote=False)}</p>" for fact in facts if fact)
    return {"location": url, "title": html.escape(topic.label, quote=False), "text": text}


def note_records(paper: Paper, url: str) -> list[dict[str, Any]]:
    """One record per note the source prints, at the note itself ("Note 7"); notes the text
    never calls are shown together under their own heading, and found there."""
    records: list[dict[str, Any]] = []
    called = called_notes(paper.document)
    orphans: list[str] = []
    for note in paper.document.footnotes:
        if not note.present:
            continue  # the page says the text is missing: nothing to find
        text = html.escape(plain_text(note.inlines), quote=False)
        if note.number not in called:
            orphans.append(f"<p>Note {html.escape(note.number, quote=False)}: {text}</p>")
            continue
        title = f"Note {html.escape(note.number, quote=False)}"
        location = f"{url}#fn:{note_key(note.number)}"
        records.append({"location": location, "title": title, "text": f"<p>{text}</p>"})
    if orphans:
        location = f"{url}#{UNCALLED_NOTES_ID}"
        records.append({"location": location, "title": UNCALLED_NOTES, "text": " ".join(orphans)})
    return records


def passage_title(passage: Passage) -> str:
    """ "Policy Recommendations · iii", or "¶ 2" under a paper's untitled opening section."""
    label = passage.label.rstrip(".")
    heading = passage.section.heading.strip()
    return f"{heading}{SEPARATOR}{label}" if heading else label


def _passage_records(
    paper: Paper,
    passages: list[Passage],
    url: str,
    alias_finder: AliasFinder,
    recommendation_boost: float,
    defined: Mapping[str, list[str]],
    labels: Mapping[str, list[str]],
    bound: set[str],
) -> dict[str, list[dict[str, Any]]]:
    records: dict[str, list[dict[str, Any]]] = {}
    for passage in passages:
        record: dict[str, Any] = {
            "location": f"{url}#{passage.id}",
            "title": html.escape(passage_title(passage), quote=False),
            "text": f"<p>{html.escape(passage.text, quote=False)}</p>",
        }
        acronyms = printed_acronyms(passage.text)
        if acronyms:
            record[ACRONYMS] = acronyms
        aliases = alias_finder.aliases(passage.text, paper.meta.slug)
        if aliases:
            record[ALIASES] = [html.escape(alias, quote=False) for alias in aliases]
        if passage.id in defined:
            record[DEFINES] = [html.escape(term, quote=False) for term in defined[passage.id]]
        parts = compound_parts(passage.text, bound)
        if parts:
            record[COMPOUNDS] = [html.escape(part, quote=False) for part in parts]
        if labels.get(passage.id):
            record[TOPICS] = [html.escape(label, quote=False) for label in labels[passage.id]]
        if passage.label[:1] != "¶" and "recommendation" in passage.section.heading.lower():
            record["boost"] = recommendation_boost
        records.setdefault(passage.section.id, []).append(record)
    return records


def _passages(paper: Paper, topics: TopicIndex | None) -> list[Passage]:
    """The paper's passages, as the topic index made them if there is one."""
    return topics.passages_of(paper) if topics is not None else list(iter_passages(paper))


def _topic_labels(paper: Paper, topics: TopicIndex | None) -> dict[str, list[str]]:
    """Passage id -> the label of each topic it mentions, repeated once per mention."""
    labels: dict[str, list[str]] = {}
    if topics is None:
        return labels
    for topic in topics.topics:
        for mention in topics.in_paper(topic.id, paper.meta.slug):
            labels.setdefault(mention.passage.id, []).extend([topic.label] * len(mention.spans))
    return labels
