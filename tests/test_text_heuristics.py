"""One test per text-reader heuristic, on small crafted inputs in pdfminer's shape."""

from __future__ import annotations

from corpus_site.extract.builder import build_document
from corpus_site.extract.text import scan
from corpus_site.ids import NOTES_ID, PAGE_IDS, RELATED_ID, UNCALLED_NOTES_ID
from corpus_site.model import (
    Document,
    FootnoteRef,
    ListBlock,
    PageMarker,
    PaperMeta,
    Paragraph,
    Text,
    iter_blocks,
    plain_text,
)
from corpus_site.pages.markdown import MISSING_NOTE, render_document
from tests.textfixtures import RULE, page_break, printed

META = PaperMeta(slug="t", source="t.txt")


def read(text: str, journal: str | None = None) -> Document:
    return build_document(scan(text, journal=journal))


def paragraphs(document: Document) -> list[Paragraph]:
    return [b for _, b in iter_blocks(document) if isinstance(b, Paragraph)]


def lists(document: Document) -> list[ListBlock]:
    return [b for _, b in iter_blocks(document) if isinstance(b, ListBlock)]


INTRO = (
    " Introduction ",
    " ",
    "The first paragraph of the section is long enough to set the usual line ",
    "length of the body text, which the reader uses to judge short lines. ",
    " ",
)


def test_page_break_inside_a_list_item_keeps_the_item_whole() -> None:
    text = printed(
        *INTRO,
        "i. The first recommendation begins on this page and runs over ",
        *page_break("Journal of Tests", 12),
        "the page break, where it continues without a new label. ",
        "ii. The second recommendation is short. ",
        " ",
        "Closing paragraph after the list, long enough to be a normal line here. ",
    )
    document = read(text)
    (block,) = lists(document)
    assert [item.label for item in block.items] == ["i.", "ii."]
    first = block.items[0]
    assert PageMarker("12") in first.inlines
    assert plain_text(first.inlines).endswith("continues without a new label.")
    assert first.id == "introduction-i"
    assert document.page_markers == ("12",)


def test_call_after_a_closing_quote_stays_in_place_and_text_continues() -> None:
    text = (
        printed(*INTRO, "As the minister said, “the door is open.”")
        + "3\n\n continued the speech at length in the same paragraph of text. \n"
    )
    (_, para) = paragraphs(read(text))
    assert para.inlines[0] == Text("As the minister said, “the door is open.”")
    assert para.inlines[1] == FootnoteRef("3")
    assert para.inlines[2] == Text(" continued the speech at length in the same paragraph of text.")


def test_note_body_spanning_lines_with_split_url_and_annotation_repeats() -> None:
    text = (
        printed(
            *INTRO,
            "A claim that needs a source.",
        )
        + "1\n\n more words follow here. \n\n"
        + printed(
            RULE + "\n1",
            " A report, Ministry of Tests, 2013, ",
            "http://example.org/documents/-",
            "/asset/42 ",
            "http://example.org/documents/-/asset/42",
            "Journal of Tests ",
            "13 ",
            "Next page text begins here and goes on. ",
        )
    )
    document = read(text, journal="Journal of Tests")
    (note,) = document.footnotes
    assert note.present
    assert plain_text(note.inlines) == (
        "A report, Ministry of Tests, 2013, http://example.org/documents/-/asset/42"
    )
    markdown = render_document(document, META)
    assert (
        "[^1]: A report, Ministry of Tests, 2013, <http://example.org/documents/-/asset/42>"
        in markdown
    )
    assert markdown.count("example.org") == 1


def test_call_without_body_links_to_a_note_saying_so() -> None:
    text = printed(*INTRO, "A claim without a printed note.") + "7\n\n and more text. \n"
    document = read(text)
    (note,) = document.footnotes
    assert note.number == "7" and not note.present
    assert f"[^7]: *{MISSING_NOTE}*" in render_document(document, META)
    assert any("footnote 7" in d.message for d in document.diagnostics)


def test_compound_keeps_its_hyphen_and_split_word_is_joined() -> None:
    text = printed(
        *INTRO,
        "The geo-economic outlook matters, and the geo-",
        "economic turn is real; analysts deter-",
        "mine the far-",
        "reaching effects of each cross-",
        "border link. ",
    )
    body = plain_text(paragraphs(read(text))[1].inlines)
    assert "the geo-economic turn" in body
    assert "analysts determine the far-reaching effects" in body
    assert "cross-border link." in body  # English writes no "crossborder"


def test_heading_versus_short_last_line_of_a_paragraph() -> None:
    text = printed(
        *INTRO,
        "Russia and Pakistan met often in these years, and the talks went to ",
        "New Delhi ",
        " ",
        "Regional Outlook ",
        " ",
        "The next section starts with a long line of ordinary body text here. ",
    )
    document = read(text)
    assert [s.heading for s in document.sections] == ["Introduction", "Regional Outlook"]
    assert plain_text(paragraphs(document)[1].inlines).endswith("the talks went to New Delhi")


def test_title_over_two_lines_and_one_word_section_name() -> None:
    text = printed(
        " The Long Title of a Paper on ",
        "Tests and Their Discontents ",
        " Abstract ",
        " ",
        "The abstract is long enough to be a body paragraph of the test paper. ",
    )
    document = read(text)
    assert document.printed_title == "The Long Title of a Paper on Tests and Their Discontents"
    assert [s.heading for s in document.sections] == ["Abstract"]


def test_untitled_fragment_starts_with_a_section_not_a_title() -> None:
    text = printed(" Abstract ", "Body text of the abstract goes here and on. ")
    document = read(text)
    assert document.printed_title is None
    assert document.sections[0].heading == "Abstract"


def test_running_head_named_by_metadata_leaves_the_body_even_once() -> None:
    text = printed(*INTRO, "Text before the break ", "Once Only Review ", "7 ", "and after. ")
    document = read(text, journal="Once Only Review")
    assert "Once Only Review" not in plain_text(paragraphs(document)[1].inlines)
    assert document.page_markers == ("7",)


def test_roman_lists_other_label_styles_and_restart() -> None:
    text = printed(
        *INTRO,
        "(a) first lettered item ",
        "(b) second lettered item ",
        " ",
        "1) first numbered item ",
        "2) second numbered item ",
    )
    blocks = lists(read(text))
    assert [b.style for b in blocks] == ["alpha", "arabic"]
    assert [[i.label for i in b.items] for b in blocks] == [["(a)", "(b)"], ["1)", "2)"]]
    assert blocks[1].items[0].id == "introduction-list2-1"


def test_author_note_becomes_an_author_note_not_a_paragraph() -> None:
    text = printed(
        *INTRO, "Body line before the notes ", RULE, "\uf02a", "The author is a tester. "
    )
    document = read(text)
    assert document.author_notes == ("The author is a tester.",)
    assert all("tester" not in plain_text(p.inlines) for p in paragraphs(document))


def test_split_after_a_prefix_joins_when_the_language_writes_the_word_whole() -> None:
    from corpus_site.extract.hyphenation import Vocabulary, join_line_end_hyphen

    assert join_line_end_hyphen("pro-", "viding") == "providing"
    assert join_line_end_hyphen("liberal-", "isation") == "liberalisation"
    # Issue 19: a word the language writes whole is joined, though both halves are words.
    assert join_line_end_hyphen("pro-", "grams") == "programs"
    assert join_line_end_hyphen("over-", "come") == "overcome"
    assert join_line_end_hyphen("trans-", "national") == "transnational"
    assert join_line_end_hyphen("cross-", "border") == "cross-border"
    assert join_line_end_hyphen("pro-", "Communist") == "pro-Communist"
    # The paper's own spelling comes first: printed "trans-national" mid-line, kept so.
    printed_so = Vocabulary(["a trans-national link"])
    assert join_line_end_hyphen("trans-", "national", printed_so) == "trans-national"
    # ... and a name it prints whole elsewhere is joined though its half is capitalised.
    assert join_line_end_hyphen("Bio-", "Med", Vocabulary(["in BioMed Central"])) == "BioMed"


def test_bullet_items_get_distinct_ids_and_render_as_a_bullet_list() -> None:
    text = printed(*INTRO, "\u2022 first point of the list ", "\u2022 second point of the list ")
    document = read(text)
    (block,) = lists(document)
    assert [item.id for item in block.items] == ["introduction-item1", "introduction-item2"]
    markdown = render_document(document, META)
    assert "\n- [&#8226;](#introduction-item1){ .item-label } first point" in markdown


def test_a_section_never_takes_an_id_the_page_gives_its_own_headings() -> None:
    text = printed(
        *INTRO,
        "Russia and Pakistan met often in these years, and the talks went on and on. ",
        " ",
        "Cite ",
        " ",
        "The next section starts with a long line of ordinary body text here. ",
        " ",
        "Related Passages ",
        " ",
        "And one more section starts with a long line of ordinary body text. ",
        " ",
        "Footnotes ",
        " ",
        "A last section starts with a long line of ordinary body text as well. ",
    )
    document = read(text)
    headings = ["Cite", "Related Passages", "Footnotes"]
    assert [s.heading for s in document.sections][1:] == headings
    assert [s.id for s in document.sections][1:] == ["cite-2", "related-passages-2", "footnotes-2"]
    page = render_document(document, META)
    assert page.count("{ #cite }") == 1 and "{ #cite-2 }" in page
    assert {"cite", RELATED_ID, UNCALLED_NOTES_ID, NOTES_ID} == PAGE_IDS
