"""Search that lands on the passage: rewrite the search index for the papers' paragraphs.

The search plugin indexes a page by its headings, so a hit on "Gwadar" would open the top of
"Policy Recommendations". `rebuild_index` replaces a paper section's record with one record per
paragraph and list item, pointing at the passage's stable id and titled "section · label"
(Material groups the results under the paper's title). Records of other pages are kept.

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

Pure: the index is the parsed `search_index.json`; nothing here reads or writes files.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from corpus_site.corpus import Corpus, Paper
from corpus_site.glossary import Glossary, find_acronyms, normalise_phrase
from corpus_site.site import paper_path
from corpus_site.topic_links import RELATED_ID
from corpus_site.topics import Passage, TopicIndex, iter_passages

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
# Two or more capitals, as printed ("US", "CPEC", "MoU" is not one); not the "US" of "US$".
_ACRONYM = re.compile(r"(?<![\w$])[A-Z][A-Z0-9]+(?![\w$])")
# Words joined by a hyphen ("Pak-Russia", "geo-economic", "Mi-35"); an en dash joins ranges.
_HYPHENS = "\u2010\u2011-"  # the ASCII hyphen last, where a character class takes it literally
_COMPOUND = re.compile(rf"\w+(?:[{_HYPHENS}]\w+)+")
_WORD = re.compile(rf"(?<![\w{_HYPHENS}])\w+(?![\w{_HYPHENS}])")

SearchIndex = dict[str, Any]


def rebuild_index(
    index: SearchIndex,
    corpus: Corpus,
    page_urls: Mapping[str, str],
    topics: TopicIndex | None = None,
    *,
    recommendation_boost: float = RECOMMENDATION_BOOST,
    paper_page_boost: float = PAPER_PAGE_BOOST,
    quote_boost: float = QUOTE_BOOST,
    define_long_forms: bool = True,
) -> SearchIndex:
    """A copy of `index` whose paper sections are split into passage records.

    `page_urls` maps a generated page's path (`papers/x.md`, as `site.render_site` names it) to
    its URL as the index spells it (`papers/x/`, or `papers/x.html` in offline builds);
    `topics` supplies the glossary (found afresh without it).
    """
    glossary = topics.glossary if topics is not None else find_acronyms(corpus.papers)
    # A curated subject's long form leads to where the paper defines it; another acronym's
    # ("Khyber Pakhtunkhwa Oil and Gas Company Limited") would pull "gas" queries there.
    curated: set[str] = set()
    if topics is not None and define_long_forms:
        curated = {normalise_phrase(t) for terms in topics.matcher.terms.values() for t in terms}
    bound = bound_parts(corpus)
    by_location: dict[str, list[dict[str, Any]]] = {}
    paper_pages: dict[str, list[str]] = {}  # page URL -> its sections' record locations
    for paper in corpus.papers:
        url = page_urls.get(paper_path(paper))
        if url is None:
            continue
        # The other papers' passages, quoted: they are indexed where they belong.
        by_location[f"{url}#{RELATED_ID}"] = []
        labels = _topic_labels(paper, topics)
        records = _passage_records(
            paper, url, glossary, recommendation_boost, curated, labels, bound
        )
        paper_pages[url] = []
        for section in paper.document.sections:
            by_location[f"{url}#{section.id}"] = records.get(section.id, [])
            paper_pages[url].append(f"{url}#{section.id}")
    present = {record.get("location") for record in index.get("docs", [])}
    docs: list[dict[str, Any]] = []
    for record in index.get("docs", []):
        location = str(record.get("location", ""))
        if location in by_location:
            # The heading stays findable by its title; its words now live in the passages.
            docs.append({**record, "text": ""})
            docs.extend(by_location[location])
        elif location in paper_pages:
            boost = {"boost": paper_page_boost} if paper_page_boost != 1 else {}
            docs.append({**record, **boost})
            # A section without a record of its own (no heading) is indexed with the page.
            for section_location in paper_pages[location]:
                if section_location not in present:
                    docs.extend(by_location[section_location])
        elif "#" in location and quote_boost != 1:
            docs.append({**record, "boost": quote_boost})
        else:
            docs.append(record)
    return {**index, "docs": docs}


def passage_title(passage: Passage) -> str:
    """ "Policy Recommendations · iii", or "¶ 2" under a paper's untitled opening section."""
    label = passage.label.rstrip(".")
    heading = passage.section.heading.strip()
    return f"{heading}{SEPARATOR}{label}" if heading else label


def _passage_records(
    paper: Paper,
    url: str,
    glossary: Glossary,
    recommendation_boost: float,
    curated: set[str],
    labels: Mapping[str, list[str]],
    bound: set[str],
) -> dict[str, list[dict[str, Any]]]:
    records: dict[str, list[dict[str, Any]]] = {}
    defined: dict[str, list[str]] = {}
    for acronym in glossary.acronyms:
        for slug, passage_id in acronym.places:
            if slug == paper.meta.slug:
                long = normalise_phrase(acronym.long)
                terms = [acronym.short, acronym.long] if long in curated else [acronym.short]
                defined.setdefault(passage_id, []).extend(terms)
    for passage in iter_passages(paper):
        record: dict[str, Any] = {
            "location": f"{url}#{passage.id}",
            "title": html.escape(passage_title(passage), quote=False),
            "text": f"<p>{html.escape(passage.text, quote=False)}</p>",
        }
        acronyms = _ACRONYM.findall(passage.text)
        if acronyms:
            record[ACRONYMS] = acronyms
        aliases = passage_aliases(passage.text, glossary)
        if aliases:
            record[ALIASES] = [html.escape(alias, quote=False) for alias in aliases]
        if passage.id in defined:
            record[DEFINES] = [html.escape(term, quote=False) for term in defined[passage.id]]
        parts = [
            part
            for compound in _COMPOUND.findall(passage.text)
            for part in re.split(f"[{_HYPHENS}]", compound)
            if part.casefold() in bound
        ]
        if parts:
            record[COMPOUNDS] = [html.escape(part, quote=False) for part in parts]
        if labels.get(passage.id):
            record[TOPICS] = [html.escape(label, quote=False) for label in labels[passage.id]]
        if passage.label[:1] != "¶" and "recommendation" in passage.section.heading.lower():
            record["boost"] = recommendation_boost
        records.setdefault(passage.section.id, []).append(record)
    return records


def bound_parts(corpus: Corpus) -> set[str]:
    """The parts of hyphenated words ("pak", "geo", "sino") that the corpus prints more often
    inside such words than on their own ("Pak Steel Mills" once, "Pak-Russia" five times),
    case-folded."""
    inside: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    for paper in corpus.papers:
        for passage in iter_passages(paper):
            for compound in _COMPOUND.findall(passage.text):
                inside.update(part.casefold() for part in re.split(f"[{_HYPHENS}]", compound))
            alone.update(word.casefold() for word in _WORD.findall(passage.text))
    return {part for part, count in inside.items() if count > alone[part]}


def _topic_labels(paper: Paper, topics: TopicIndex | None) -> dict[str, list[str]]:
    """Passage id -> the label of each topic it mentions, repeated once per mention."""
    labels: dict[str, list[str]] = {}
    if topics is None:
        return labels
    for topic in topics.topics:
        for mention in topics.in_paper(topic.id, paper.meta.slug):
            labels.setdefault(mention.passage.id, []).extend([topic.label] * len(mention.spans))
    return labels


def passage_aliases(text: str, glossary: Glossary) -> list[str]:
    """The other names of what a passage names: the long form of each acronym it uses and the
    acronym of each long form it spells out, as the papers define them; sorted."""
    found: set[str] = set()
    printed = set(_ACRONYM.findall(text))
    key = normalise_phrase(text)
    for acronym in glossary.acronyms:
        long = normalise_phrase(acronym.long)
        spelled = re.search(rf"(?<!\w){re.escape(long)}(?!\w)", key) is not None
        if acronym.short in printed and not spelled:
            found.add(acronym.long)
        if spelled and acronym.short not in printed:
            found.add(acronym.short)
    return sorted(found, key=lambda alias: (alias.casefold(), alias))
