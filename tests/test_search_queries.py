"""The queries readers type, with the result each should find.

The expected passages were chosen by reading the papers (one line of reason each), not by
looking at what the engine returns. `bench/search_quality.py` ranks them under each candidate
search configuration and writes docs/search-quality.md; this module holds the chosen
configuration to them: tests/test_search_browser.py runs Material's search worker in Chromium on
the built index, and types each query into the search box.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.sitefixtures import bundled_site  # noqa: F401  (fixture)

CALCULUS = "papers/russia-strategic-calculus-south-asia/"
CONVERGENCE = "papers/pakistan-russia-convergence-excerpt/"


@dataclass(frozen=True)
class Query:
    text: str
    expected: str  # a location in the search index: page URL plus passage id
    reason: str
    first: str | None = None  # a page that must be the very first result
    highlight: str | None = None  # the word the landing page must mark, when not `text`
    # A hyphenated query: lunr's query parser splits it at the hyphen ("pak", "russia*"), so
    # it cannot tell apart the passages that print the compound; any of them is as right an
    # answer as `expected` (see `accepted`).
    prints: str | None = None


QUERIES = (
    Query(
        "CPEC",
        CALCULUS + "#pakistans-role-bilateral-engagements-and-challenges-p2",
        "defines the corridor: China-Pakistan Economic Corridor (CPEC), Karakorum to Gwadar",
        first="topics/cpec/",
    ),
    Query(
        "cpec",
        CALCULUS + "#pakistans-role-bilateral-engagements-and-challenges-p2",
        "lower case is how most readers type it; same answer as CPEC",
        first="topics/cpec/",
        highlight="CPEC",
    ),
    Query(
        "SCO",
        CALCULUS + "#introduction-p1",
        "defines it: Putin supported Pakistan's full membership in the SCO",
        first="topics/sco/",
    ),
    Query(
        "US",
        CALCULUS + "#pakistans-role-bilateral-engagements-and-challenges-p8",
        "the paper's fullest passage on the US: domination, hegemony, a 'minus-US' formula",
    ),
    Query(
        "Gwadar",
        CALCULUS + "#policy-recommendations-iii",
        "recommendation iii: the offshore pipeline through Gwadar port",
    ),
    Query(
        "gas pipeline",
        CALCULUS + "#policy-recommendations-iii",
        "recommendation iii: the North-South gas pipeline, flagship of the cooperation",
    ),
    Query(
        "China-Pakistan Economic Corridor",
        CALCULUS + "#pakistans-role-bilateral-engagements-and-challenges-p2",
        "the only passage that spells the corridor out",
        first="topics/cpec/",
    ),
    Query(
        "Shanghai Cooperation Organisation",
        CALCULUS + "#introduction-p1",
        "the only passage that spells the organisation out",
        first="topics/sco/",
    ),
    Query(
        "Pak-Russia",
        CALCULUS + "#introduction-p3",
        "first use: the 2014 Pak-Russia Defence Cooperation Agreement that began the thaw; "
        "or any other passage that prints Pak-Russia",
        prints="Pak-Russia",
    ),
    Query(
        "geo-economic",
        CONVERGENCE + "#abstract-p1",
        "names the geo-economic outlook as one of the three areas where interests converge; "
        "or any other passage that prints geo-economic(s)",
        prints="geo-economic",
    ),
    Query(
        "NSG",
        CALCULUS + "#pakistans-role-bilateral-engagements-and-challenges-p1",
        "the only passage: Russia does not oppose Pakistan joining the NSG",
    ),
    Query(
        "Afghan peace process",
        CALCULUS + "#introduction-p4",
        "of the three passages on the Afghan peace and reconciliation process, the one that "
        "dwells on Afghanistan: the Taliban's inclusion, American influence in Kabul",
        first="topics/afghanistan/",
        highlight="Afghan",
    ),
    Query(
        "Ministry",
        CALCULUS + "#fn:7",
        "only the one note whose text the source prints says it (the Russian foreign policy "
        "concept of 2013, on the ministry's site): found at the note, not in the Cite section",
    ),
    Query(
        "recommendations",
        CALCULUS + "#policy-recommendations-p1",
        "introduces the paper's list of policy recommendations",
        first="recommendations/",
    ),
)

# Queries whose passage is not yet in the top three, with the reason (the browser tests
# expect them to fail, strictly). None at present.
KNOWN_MISSES: dict[str, str] = {}

# Passages that only say "SCO": the long form must find them too (and the reverse, by symmetry).
SCO_ONLY = CALCULUS + "#pakistans-role-bilateral-engagements-and-challenges-p5"


def accepted(query: Query, docs: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The locations that count as the query's answer: its expected passage and, for a
    hyphenated query, every paper passage that prints the compound (as a word, or the start of
    one: "geo-economics" too, as Material's search completes the last word)."""
    found = {query.expected}
    if query.prints is not None:
        pattern = re.compile(rf"(?<![\w-]){re.escape(query.prints)}", re.IGNORECASE)
        found |= {
            str(doc["location"])
            for doc in docs
            if str(doc["location"]).startswith("papers/")
            and "#" in str(doc["location"])
            and pattern.search(str(doc.get("text", "")))
        }
    return frozenset(found)


def test_expected_passages_exist_and_contain_the_words(bundled_site: Path) -> None:  # noqa: F811
    index = json.loads((bundled_site / "search" / "search_index.json").read_text("utf-8"))
    texts = {
        doc["location"]: doc["text"] + " ".join(doc.get("aliases", [])) for doc in index["docs"]
    }
    for query in QUERIES:
        assert query.expected in texts, query.expected
        word = (query.highlight or query.text).split()[0]
        assert word.lower() in texts[query.expected].lower(), (query.text, word)
    assert "SCO" in texts[SCO_ONLY] and "Shanghai" not in index_text(index, SCO_ONLY)


def test_a_hyphenated_query_accepts_the_passages_that_print_it(bundled_site: Path) -> None:  # noqa: F811
    index = json.loads((bundled_site / "search" / "search_index.json").read_text("utf-8"))
    by_text = {query.text: accepted(query, index["docs"]) for query in QUERIES}
    pak = by_text["Pak-Russia"]
    assert CALCULUS + "#policy-recommendations-iii" in pak  # "Pak-Russia economic cooperation"
    assert CALCULUS + "#introduction-p1" not in pak  # "Pakistan-Russia relations" only
    assert all("pak-russia" in index_text(index, location).lower() for location in pak)
    geo = by_text["geo-economic"]
    assert CONVERGENCE + "#introduction-p1" in geo  # "geo-economics"
    assert CALCULUS + "#russias-strategic-calculus-in-south-asia-p4" not in geo  # "geo-economy"
    assert by_text["CPEC"] == {QUERIES[0].expected}


def index_text(index: dict[str, Any], location: str) -> str:
    return next(doc["text"] for doc in index["docs"] if doc["location"] == location)
