"""The search index rewrite: one record per passage, aliases, and other pages left alone."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from corpus_site.corpus import load_corpus
from corpus_site.model import (
    Corpus,
    Document,
    Footnote,
    FootnoteRef,
    Paper,
    PaperMeta,
    Paragraph,
    Section,
    Text,
)
from corpus_site.search.aliases import bound_parts, passage_aliases
from corpus_site.search.records import (
    iter_docs,
    note_records,
    page_record,
    rebuild_index,
    topic_record,
    write_index,
)
from corpus_site.topics.config import index_corpus
from corpus_site.topics.glossary import Acronym, Glossary
from corpus_site.topics.index import build_index, iter_passages
from corpus_site.topics.matcher import Topic
from corpus_site.topics.pages import found_by
from tests.conftest import CORPUS

CALCULUS = "papers/russia-strategic-calculus-south-asia/"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(CORPUS)


def raw_index(corpus: Corpus, suffix: str = "/") -> dict[str, Any]:
    """An index shaped like the search plugin's: a page record and one per section."""
    docs: list[dict[str, Any]] = [
        {"location": "", "title": "Home", "text": "<p>Papers</p>"},
        {"location": f"topics/sco{suffix}", "title": "SCO", "text": "<p>SCO passages</p>"},
    ]
    for paper in corpus.papers:
        url = f"papers/{paper.meta.slug}{suffix}"
        docs.append({"location": url, "title": paper.meta.slug, "text": "<p>header</p>"})
        for section in paper.document.sections:
            docs.append({"location": f"{url}#{section.id}", "title": section.heading, "text": "x"})
        docs.append({"location": f"{url}#related-passages", "title": "Related", "text": "quoted"})
        docs.append({"location": f"{url}#cite", "title": "Cite", "text": "<pre>cite</pre>"})
    return {"config": {"lang": ["en"]}, "docs": docs}


def urls(corpus: Corpus, suffix: str = "/") -> dict[str, str]:
    out = {f"papers/{p.meta.slug}.md": f"papers/{p.meta.slug}{suffix}" for p in corpus.papers}
    out["topics/sco.md"] = f"topics/sco{suffix}"
    return out


def by_location(index: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {doc["location"]: doc for doc in index["docs"]}


def test_every_passage_gets_a_record_titled_section_and_label(corpus: Corpus) -> None:
    rebuilt = by_location(rebuild_index(raw_index(corpus), corpus, urls(corpus)))
    iii = rebuilt[CALCULUS + "#policy-recommendations-iii"]
    assert iii["title"] == "Policy Recommendations · iii"
    assert "Gwadar port" in iii["text"] and iii["text"].startswith("<p>")
    assert rebuilt[CALCULUS + "#introduction-p2"]["title"] == "Introduction · ¶\u00a02"
    passages = [loc for loc in rebuilt if loc.startswith(CALCULUS + "#") and "-p" in loc]
    assert len([loc for loc in rebuilt if loc.startswith(CALCULUS + "#")]) > 50
    assert passages


def test_sections_keep_their_heading_but_not_their_words(corpus: Corpus) -> None:
    rebuilt = by_location(rebuild_index(raw_index(corpus), corpus, urls(corpus)))
    section = rebuilt[CALCULUS + "#policy-recommendations"]
    assert section["title"] == "Policy Recommendations" and section["text"] == ""
    # What the search plugin made of a paper page is replaced, not merged: the quoted
    # passages of other papers and the citation formats are not found on this page.
    assert CALCULUS + "#related-passages" not in rebuilt
    assert CALCULUS + "#cite" not in rebuilt
    assert not [doc for doc in rebuilt.values() if doc["text"] in {"x", "<p>header</p>"}]


def test_the_page_record_holds_the_header_facts(corpus: Corpus) -> None:
    rebuilt = by_location(rebuild_index(raw_index(corpus), corpus, urls(corpus)))
    page = rebuilt[CALCULUS]
    assert page["title"] == (
        "Russia’s Strategic Calculus in South Asia and Pakistan’s Role: Challenges and Prospects"
    )
    assert page["text"] == (
        "<p>Strategic Studies</p> "
        "<p>The author is Research Fellow/Sub-editor at the Institute of Strategic Studies "
        "Islamabad.</p> "
        "<p>Pakistan-Russia Relations, South Asia, Strategic Calculus, Afghan Peace Process</p>"
    )
    excerpt = rebuilt["papers/pakistan-russia-convergence-excerpt/"]
    assert excerpt["title"] == "Untitled excerpt on Pakistan–Russia relations"
    # The page record comes before its sections: the search groups them under it.
    locations = [
        doc["location"] for doc in rebuild_index(raw_index(corpus), corpus, urls(corpus))["docs"]
    ]
    assert locations.index(CALCULUS) < locations.index(CALCULUS + "#introduction")


def test_a_note_is_found_where_the_page_shows_it(corpus: Corpus) -> None:
    rebuilt = by_location(rebuild_index(raw_index(corpus), corpus, urls(corpus)))
    notes = {loc: doc for loc, doc in rebuilt.items() if loc.startswith(CALCULUS + "#fn:")}
    # Note 7 is the only note whose text the source prints; the 18 others say only that
    # their text is missing, which is nothing to find.
    assert list(notes) == [CALCULUS + "#fn:7"]
    assert notes[CALCULUS + "#fn:7"]["title"] == "Note 7"
    assert "The text of this note" not in json.dumps(rebuilt)


def test_notes_without_a_call_are_found_under_their_heading(tmp_path: Path) -> None:
    paragraph = Paragraph(id="s-p1", inlines=(Text("Body"), FootnoteRef("1")))
    section = Section(heading="S", id="s", level=2, blocks=(paragraph,))
    notes = (
        Footnote("1", (Text("Called <b>note</b>."),)),
        Footnote("2", (Text("Stray note."),)),
        Footnote("3", (), present=False),
    )
    document = Document(printed_title="T", sections=(section,), footnotes=notes)
    paper = Paper(PaperMeta(slug="p", source="p.txt"), document, tmp_path / "p.txt")
    records = note_records(paper, "papers/p/")
    assert records == [
        {
            "location": "papers/p/#fn:1",
            "title": "Note 1",
            "text": "<p>Called &lt;b&gt;note&lt;/b&gt;.</p>",
        },
        {
            "location": "papers/p/#uncalled-notes",
            "title": "Notes without a call in the text",
            "text": "<p>Note 2: Stray note.</p>",
        },
    ]


def test_other_pages_keep_their_records(corpus: Corpus) -> None:
    raw = raw_index(corpus)
    rebuilt = rebuild_index(raw, corpus, urls(corpus), quote_boost=1.0, paper_page_boost=1.0)
    assert rebuilt["config"] == raw["config"]
    kept = by_location(rebuilt)
    for doc in raw["docs"]:
        if not doc["location"].startswith("papers/"):
            assert kept[doc["location"]] == doc
    # Other pages' records are never lost; a paper page's sections are all there again.
    others = {doc["location"] for doc in raw["docs"] if "#related" not in doc["location"]}
    assert {loc for loc in others if not loc.endswith("#cite")} <= set(kept)


def test_records_are_in_reading_order_and_unique(corpus: Corpus) -> None:
    rebuilt = rebuild_index(raw_index(corpus), corpus, urls(corpus))
    locations = [doc["location"] for doc in rebuilt["docs"]]
    assert len(locations) == len(set(locations))
    calculus = [loc for loc in locations if loc.startswith(CALCULUS + "#introduction")]
    assert calculus[:3] == [
        CALCULUS + "#introduction",
        CALCULUS + "#introduction-p1",
        CALCULUS + "#introduction-p2",
    ]


def test_offline_urls_are_followed(corpus: Corpus) -> None:
    rebuilt = by_location(rebuild_index(raw_index(corpus, ".html"), corpus, urls(corpus, ".html")))
    assert "papers/russia-strategic-calculus-south-asia.html#policy-recommendations-iii" in rebuilt


def test_acronyms_long_forms_and_definitions(corpus: Corpus) -> None:
    topics = index_corpus(corpus)
    rebuilt = by_location(rebuild_index(raw_index(corpus), corpus, urls(corpus), topics))
    sco_only = rebuilt[CALCULUS + "#pakistans-role-bilateral-engagements-and-challenges-p5"]
    assert "Shanghai Cooperation Organisation" in sco_only["aliases"]
    defining = rebuilt[CALCULUS + "#introduction-p1"]
    # SCO is a topic (topics.yml), so its long form leads to the definition too; KPOGCL is not.
    assert defining["defines"] == ["SCO", "Shanghai Cooperation Organisation"]
    kpogcl = rebuilt[CALCULUS + "#pakistans-role-bilateral-engagements-and-challenges-p2"]
    assert "KPOGCL" in kpogcl["defines"]
    assert not any("Gas" in term for term in kpogcl["defines"])
    assert "Shanghai Cooperation Organisation" not in defining.get("aliases", [])
    us = rebuilt[CALCULUS + "#pakistans-role-bilateral-engagements-and-challenges-p8"]
    assert us["acronyms"].count("US") == 4


def test_compounds_index_the_parts_a_hyphen_binds(corpus: Corpus) -> None:
    bound = bound_parts(p for paper in corpus.papers for p in iter_passages(paper))
    # "Pak" stands alone once ("Pak Steel Mills"), in "Pak-Russia" five times; "peace" and
    # "Russia" are words of their own, whatever compounds they also appear in.
    assert {"pak", "geo", "sino"} <= bound
    assert not {"peace", "russia", "economic", "pakistan"} & bound
    rebuilt = by_location(rebuild_index(raw_index(corpus), corpus, urls(corpus)))
    # Pak-Russia, politico-military, self-imposed, Mi-35, km-long; not on-again, off-again.
    assert rebuilt[CALCULUS + "#introduction-p3"]["compounds"] == [
        *("Pak", "politico", "self", "imposed", "Mi", "35", "km", "long")
    ]
    assert rebuilt[CALCULUS + "#russias-strategic-calculus-in-south-asia-p1"]["compounds"] == [
        "geo"
    ]
    peace_loving = rebuilt[CALCULUS + "#russias-strategic-calculus-in-south-asia-p3"]
    assert peace_loving["compounds"] == ["loving"]


def test_topics_name_each_mention_by_its_topic_label(corpus: Corpus) -> None:
    topics = index_corpus(corpus)
    assert topics is not None
    rebuilt = by_location(rebuild_index(raw_index(corpus), corpus, urls(corpus), topics))
    afghan = "Afghanistan and the Afghan peace process"
    # Afghan, Taliban, Kabul: three mentions; the list item names the process once.
    assert rebuilt[CALCULUS + "#introduction-p4"]["topics"].count(afghan) == 3
    item = rebuilt[CALCULUS + "#russias-strategic-calculus-in-south-asia-list3-i"]
    assert item["topics"].count(afghan) == 1
    assert (
        "topics"
        not in by_location(rebuild_index(raw_index(corpus), corpus, urls(corpus)))[
            CALCULUS + "#introduction-p4"
        ]
    )


def test_topic_pages_get_one_record_and_lose_their_quotes(corpus: Corpus) -> None:
    topics = index_corpus(corpus)
    assert topics is not None
    raw = raw_index(corpus)
    quote = {"location": "topics/sco/#paper-x", "title": "Paper x", "text": "SCO quoted"}
    raw["docs"].append(quote)
    rebuilt = rebuild_index(raw, corpus, urls(corpus), topics)
    sco = [doc for doc in rebuilt["docs"] if doc["location"].startswith("topics/sco/")]
    assert sco == [
        {
            "location": "topics/sco/",
            "title": "Shanghai Cooperation Organisation (SCO)",
            "text": "<p>The Eurasian security and economic bloc that Pakistan joined with Russian "
            "support.</p> <p>Found by Shanghai Cooperation Organisation, Shanghai Cooperation "
            "Organization, SCO.</p> <p>7 passages in 1 of 2 papers.</p>",
        }
    ]
    # A topic page MkDocs did not build (not in the URLs) gets no record.
    assert not any(doc["location"].startswith("topics/cpec/") for doc in rebuilt["docs"])


def test_long_form_gives_the_acronym_and_the_reverse() -> None:
    glossary = Glossary((Acronym("SCO", "Shanghai Cooperation Organisation", (("p", "x"),)),))
    assert passage_aliases("Pakistan joined the SCO in 2017.", glossary) == [
        "Shanghai Cooperation Organisation"
    ]
    assert passage_aliases("the shanghai  cooperation organisation met", glossary) == ["SCO"]
    assert passage_aliases("SCOPE of the Shanghai Cooperation", glossary) == []


def test_recommendations_break_ties_and_paper_pages_step_back(corpus: Corpus) -> None:
    rebuilt = by_location(rebuild_index(raw_index(corpus), corpus, urls(corpus)))
    assert rebuilt[CALCULUS + "#policy-recommendations-iii"]["boost"] > 1
    assert "boost" not in rebuilt[CALCULUS + "#policy-recommendations-p1"]
    assert rebuilt[CALCULUS]["boost"] < 1
    assert rebuilt["topics/sco/"].get("boost", 1) == 1


def test_passage_text_is_escaped(tmp_path: Path) -> None:
    (tmp_path / "hostile.txt").write_text(
        "Introduction\n\nThe <script>alert(1)</script> & “US$” paper of the US.\n",
        encoding="utf-8",
    )
    hostile = load_corpus(tmp_path)
    assert hostile.papers, hostile.errors
    raw = {"config": {}, "docs": []}
    rebuilt = rebuild_index(raw, hostile, {"papers/hostile.md": "papers/hostile/"})
    text = json.dumps(rebuilt)
    assert "<script>" not in text and "&lt;script&gt;" in text
    records = [doc for doc in rebuilt["docs"] if doc.get("acronyms")]
    assert [doc["acronyms"] for doc in records] == [["US"]]  # not the currency


def test_long_forms_are_found_as_whole_words_only() -> None:
    glossary = Glossary(
        (
            Acronym("NSG", "Nuclear Suppliers Group", ()),
            Acronym("US", "United States", ()),
            Acronym("UN", "United Nations", ()),
            Acronym("ODD", "-odd form", ()),
        )
    )
    text = "The Nuclear Suppliers Groups and the United States–United Nations talks; a -odd form"
    # "Groups" is not "Group"; both long forms opening with "United" are found, at the
    # second place the first is printed; a long form opening with a dash is found too.
    assert passage_aliases(text, glossary) == ["ODD", "UN", "US"]
    assert passage_aliases("united states, nuclear suppliers group", glossary) == [
        "NSG",
        "US",
    ]
    assert passage_aliases("xunited states", glossary) == []


def test_the_index_is_written_as_json_would_write_it_whole(corpus: Corpus) -> None:
    raw = raw_index(corpus)
    stream = io.StringIO()
    write_index(raw, iter_docs(raw, corpus, urls(corpus)), stream)
    whole = rebuild_index(raw, corpus, urls(corpus))
    assert stream.getvalue() == json.dumps(whole, ensure_ascii=False, separators=(",", ":"))
    for head in ({}, {"config": {"lang": ["en"]}}):
        stream = io.StringIO()
        write_index(head, iter([{"location": "", "title": "“Home”", "text": ""}]), stream)
        expected = {**head, "docs": [{"location": "", "title": "“Home”", "text": ""}]}
        assert stream.getvalue() == json.dumps(expected, ensure_ascii=False, separators=(",", ":"))


def test_the_page_record_names_where_the_paper_appeared(tmp_path: Path) -> None:
    section = Section(heading="S", id="s", level=2, blocks=())
    meta = PaperMeta(
        slug="p", source="p.txt", journal="J", volume="4", issue="2", year=2019, pages="1-9"
    )
    paper = Paper(meta, Document(printed_title="T", sections=(section,)), tmp_path / "p.txt")
    assert page_record(paper, "papers/p/")["text"] == "<p>J, vol. 4, no. 2, 2019, pp. 1-9</p>"


def test_a_passage_gets_its_own_papers_long_form_not_every_variant() -> None:
    glossary = Glossary(
        (
            Acronym("CIS", "Commonwealth of Independent States", (("a", "x-p1"),)),
            Acronym("CIS", "Centre for International Security", (("b", "y-p1"),)),
        )
    )
    text = "The CIS met."
    assert passage_aliases(text, glossary, "b") == ["Centre for International Security"]
    assert passage_aliases(text, glossary, "a") == ["Commonwealth of Independent States"]
    # A paper that defines neither takes the corpus's first definition.
    assert passage_aliases(text, glossary, "c") == ["Commonwealth of Independent States"]
    assert passage_aliases(text, glossary) == ["Commonwealth of Independent States"]
    # Spelling a long form out gives its acronym, whichever paper defined it.
    spelled = "the centre for international security said"
    assert passage_aliases(spelled, glossary, "a") == ["CIS"]


def test_a_topic_found_by_patterns_alone_says_so(corpus: Corpus) -> None:
    topics = (
        Topic("gwadar", "Gwadar", regex=(r"Gwadar",)),
        Topic("ports", "Ports", terms=("port",), regex=(r"harbou?r", r"Gwadar")),
    )
    index = build_index(corpus.papers, topics)
    record = topic_record(index, topics[0], "topics/gwadar/")
    assert "<p>Found by a pattern.</p>" in record["text"]
    assert found_by(topics[1], ["port"]) == "Found by port, and 2 patterns."
