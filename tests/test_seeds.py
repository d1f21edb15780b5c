"""The two seed papers come out exactly as the journal printed them, minus print artefacts."""

from __future__ import annotations

import re

import pytest

from corpus_site.corpus import load_corpus
from corpus_site.fidelity.report import report_paper
from corpus_site.model import (
    FootnoteRef,
    ListBlock,
    PageMarker,
    Paper,
    Paragraph,
    block_passages,
    iter_blocks,
    plain_text,
)
from corpus_site.pages.markdown import render_document
from tests.conftest import CORPUS, REPO, check_golden


@pytest.fixture(scope="module")
def papers() -> dict[str, Paper]:
    corpus = load_corpus(CORPUS)
    assert corpus.errors == []
    return {paper.meta.slug: paper for paper in corpus.papers}


@pytest.fixture(scope="module")
def first(papers: dict[str, Paper]) -> Paper:
    return papers["russia-strategic-calculus-south-asia"]


@pytest.fixture(scope="module")
def second(papers: dict[str, Paper]) -> Paper:
    return papers["pakistan-russia-convergence-excerpt"]


@pytest.mark.parametrize(
    "slug", ["russia-strategic-calculus-south-asia", "pakistan-russia-convergence-excerpt"]
)
def test_golden_markdown(papers: dict[str, Paper], slug: str) -> None:
    paper = papers[slug]
    check_golden(
        REPO / "tests" / "golden" / "text" / f"{slug}.md",
        render_document(paper.document, paper.meta),
    )


def test_first_seed_title_and_sections(first: Paper) -> None:
    document = first.document
    assert document.printed_title == (
        "Russia’s Strategic Calculus in South Asia and Pakistan’s Role: Challenges and Prospects"
    )
    assert [s.heading for s in document.sections] == [
        "Abstract",
        "Introduction",
        "Russia’s Strategic Calculus in South Asia",
        "Pakistan’s Role: Bilateral Engagements and Challenges",
        "Policy Recommendations",
        "Conclusion",
    ]
    assert document.keywords == (
        "Pakistan-Russia Relations",
        "South Asia",
        "Strategic Calculus",
        "Afghan Peace Process",
    )


def test_first_seed_has_five_lists_with_printed_labels(first: Paper) -> None:
    blocks = [b for _, b in iter_blocks(first.document) if isinstance(b, ListBlock)]
    assert [len(b.items) for b in blocks] == [6, 6, 5, 2, 9]
    recommendations = blocks[-1]
    labels = ["i.", "ii.", "iii.", "iv.", "v.", "vi.", "vii.", "viii.", "ix."]
    assert [item.label for item in recommendations.items] == labels
    assert recommendations.items[2].id == "policy-recommendations-iii"
    item_iii = plain_text(recommendations.items[2].inlines)
    assert item_iii.startswith("The North-South gas pipeline is the flagship project of Pak-Russia")
    assert "Gwadar port" in item_iii
    assert "The disagreement on the tariffs should be reduced" in item_iii
    assert item_iii.endswith("such as the US used to offer.")


def test_first_seed_footnote_calls_in_place(first: Paper) -> None:
    calls = [
        part.number
        for _, block in iter_blocks(first.document)
        for inlines in (
            [block.inlines] if isinstance(block, Paragraph) else [i.inlines for i in block.items]
        )
        for part in inlines
        if isinstance(part, FootnoteRef)
    ]
    assert calls == [str(n) for n in range(1, 20)]
    notes = {note.number: note for note in first.document.footnotes}
    assert notes["7"].present and not notes["1"].present
    assert plain_text(notes["7"].inlines).endswith(
        "February 12, 2013, http://www.mid.ru/en/foreign_policy/official_documents/-/asset_publisher/CptICkB6BZ29/content/id/122186"
    )
    markdown = render_document(first.document, first.meta)
    assert "(SCO).[^1] In August 2013" in markdown
    assert "following mentioned features[^6]:" in markdown
    assert "Trilateral Dialogue,[^5] Moscow can undermine" in markdown


def test_first_seed_page_markers_where_the_pages_begin(first: Paper) -> None:
    assert first.document.page_markers == ("34", "38")
    markdown = render_document(first.document, first.meta)
    marker_34 = "[p.\u00a034](#page-34){ #page-34 .page-marker }"
    assert f"President Vladimir Putin publicly {marker_34} supported" in markdown
    assert (
        "agenda in South [p.\u00a038](#page-38){ #page-38 .page-marker } and Central Asia"
        in markdown
    )
    body = markdown.split("## Cite")[0]
    without_named = re.sub(r"\*Strategic Studies\*|Institute of Strategic Studies", "", body)
    assert "Strategic Studies" not in without_named


def test_author_note_is_not_body_text(first: Paper) -> None:
    assert first.document.author_notes == (
        "The author is Research Fellow/Sub-editor at the Institute of Strategic Studies Islamabad.",
    )
    for _, block in iter_blocks(first.document):
        if isinstance(block, Paragraph):
            assert "Research Fellow" not in plain_text(block.inlines)


@pytest.mark.parametrize(
    "compound",
    [
        "military-to-military",
        "politico-military",
        "far-reaching",
        "geo-economic",
        "Non-Proliferation",
        "trans-national",
        "Sino-Russia",
        "Pak-Russia",
        "long-term",
    ],
)
def test_first_seed_line_end_compounds_keep_their_hyphen(first: Paper, compound: str) -> None:
    assert compound in render_document(first.document, first.meta).replace("\\-", "-")


def test_second_seed_is_an_untitled_excerpt(second: Paper) -> None:
    document = second.document
    assert document.printed_title is None
    assert [s.heading for s in document.sections] == ["Abstract", "Introduction"]
    text = " ".join(
        plain_text(b.inlines) for _, b in iter_blocks(document) if isinstance(b, Paragraph)
    )
    assert "geo-economic outlook" in text and "inter-regional economic prospects" in text
    assert text.endswith("compels it to recognize SA to be of vital")
    markdown = render_document(document, second.meta)
    assert '!!! warning "Excerpt"' in markdown and "stops mid-sentence" in markdown
    assert "# Untitled excerpt on Pakistan–Russia relations" in markdown
    assert "this name is an editorial label" in markdown


@pytest.mark.parametrize(
    "slug", ["russia-strategic-calculus-south-asia", "pakistan-russia-convergence-excerpt"]
)
def test_every_word_reaches_the_page(papers: dict[str, Paper], slug: str) -> None:
    report = report_paper(papers[slug])
    assert report.fidelity is not None and report.fidelity >= 0.999


def test_fidelity_measure_notices_a_lost_paragraph(first: Paper) -> None:
    from dataclasses import replace

    from corpus_site.fidelity.measure import measure_text_source

    sections = list(first.document.sections)
    sections[1] = replace(sections[1], blocks=sections[1].blocks[1:])
    damaged = replace(first.document, sections=tuple(sections))
    share = measure_text_source(first.source.read_bytes(), damaged, first.meta).share
    assert 0.9 < share < 0.98


def test_page_marker_inline_is_a_page_marker(first: Paper) -> None:
    markers = [
        part
        for _, block in iter_blocks(first.document)
        if isinstance(block, Paragraph)
        for part in block.inlines
        if isinstance(part, PageMarker)
    ]
    assert markers == [PageMarker("34"), PageMarker("38")]


def test_words_either_side_of_a_page_break_stay_apart(first: Paper) -> None:
    # Pages 34 and 38 begin inside a paragraph: "publicly" | p. 34 | "supported", and
    # "South" | p. 38 | "and Central Asia". The words reach search and snippets apart.
    texts = {
        passage_id: plain_text(inlines)
        for _, block in iter_blocks(first.document)
        for passage_id, inlines in block_passages(block)
    }
    assert "Vladimir Putin publicly supported Pakistan’s" in texts["introduction-p1"]
    assert (
        "security agenda in South and Central Asia"
        in texts["russias-strategic-calculus-in-south-asia-p4"]
    )
    assert not [text for text in texts.values() if "publiclysupported" in text]
