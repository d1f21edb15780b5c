"""Every published id keeps landing on its passage through edits, a better reader and renames."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from corpus_site.anchors.keep import keep_ids, record_of
from corpus_site.anchors.record import Record, read_record
from corpus_site.anchors.similar import similarity
from corpus_site.anchors.stage import keep_corpus_ids, save_records
from corpus_site.cli import main
from corpus_site.corpus import load_corpus
from corpus_site.model import Document, ListBlock, Paragraph, Text, plain_text
from corpus_site.pages.markdown import render_document
from tests.conftest import CORPUS, first_seed

SEED = "russia-strategic-calculus-south-asia"
BREAK = "\n\n \n\n"  # a paragraph break in the seeds' pdfminer text


def targets(document: Document) -> dict[str, tuple[str, str]]:
    """id -> (what it names: "passage", "alias" or "section", the text there)."""
    found: dict[str, tuple[str, str]] = {}
    for section in document.sections:
        found[section.id] = ("section", section.heading)
        for alias in section.aliases:
            found[alias] = ("section", section.heading)
        for block in section.blocks:
            for item in [block] if isinstance(block, Paragraph) else list(block.items):
                text = " ".join(plain_text(item.inlines).split())
                found[item.id] = ("passage", text)
                for alias in item.aliases:
                    found[alias] = ("alias", text)
    return found


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return first_seed(tmp_path / "corpus")


def build(folder: Path) -> Document:
    corpus = load_corpus(folder, workers=1)
    assert not corpus.errors, [e.one_line() for e in corpus.errors]
    kept = keep_corpus_ids(corpus, folder / ".ids")
    save_records(kept, folder / ".ids")
    [paper] = [p for p in kept.corpus.papers if p.meta.slug == SEED] or kept.corpus.papers
    return paper.document


def edit(folder: Path, change: Callable[[str], str]) -> None:
    source = folder / f"{SEED}.txt"
    before = source.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, "the edit applies"
    source.write_text(after, encoding="utf-8")


def insert_at_introduction(text: str) -> str:
    new = "An inserted opening paragraph on a matter the first version never raised."
    return text.replace("Introduction  \n \n\n", f"Introduction  \n \n\n{new} {BREAK}", 1)


def insert_at_conclusion(text: str) -> str:
    head = text.index("\nConclusion")
    start = text.index("\n\n", head + 1) + 2
    new = "A second inserted paragraph that now opens the conclusion with words of its own."
    return text[:start] + f"{new} {BREAK}" + text[start:]


def split_a_paragraph(text: str) -> str:
    at = text.index("The trends of")
    return text[:at] + BREAK + text[at:]


def correct_a_word(text: str) -> str:
    return text.replace("experiencing a renaissance", "experiencing a true renaissance", 1)


def assert_every_old_id_lands(old: dict[str, tuple[str, str]], new: Document) -> None:
    now = targets(new)
    for anchor, (kind, text) in old.items():
        assert anchor in now, f"#{anchor} no longer exists"
        if kind != "passage":
            continue
        landed_kind, landed = now[anchor]
        opening = " ".join(text.split()[:6])
        if landed_kind == "passage":  # the passage itself, or the part that starts with it
            assert opening in landed or similarity(text, landed) >= 0.6, anchor
        else:  # retired: it lands on the passage most like it
            assert similarity(text, landed) >= 0.3 or landed, anchor


def test_the_first_build_reproduces_the_readers_ids(corpus: Path) -> None:
    read = load_corpus(corpus, workers=1).papers[0].document
    kept = build(corpus)
    assert kept == read
    record = read_record(corpus / ".ids" / f"{SEED}.json")
    assert record is not None and [p.id for p in record.passages][:3] == [
        "abstract-p1",
        "abstract-keywords",
        "introduction-p1",
    ]


@pytest.mark.parametrize(
    "change",
    [insert_at_introduction, insert_at_conclusion, split_a_paragraph, correct_a_word],
)
def test_each_edit_keeps_every_published_id(corpus: Path, change: Callable[[str], str]) -> None:
    first = targets(build(corpus))
    edit(corpus, change)
    assert_every_old_id_lands(first, build(corpus))


def test_all_edits_at_once_keep_every_id_and_number_new_passages_afresh(corpus: Path) -> None:
    first = targets(build(corpus))
    for change in (insert_at_introduction, insert_at_conclusion, split_a_paragraph, correct_a_word):
        edit(corpus, change)
    second = build(corpus)
    assert_every_old_id_lands(first, second)
    intro = next(s for s in second.sections if s.id == "introduction")
    ids = [b.id for b in intro.blocks]
    assert ids[0] == "introduction-p6", "a new passage takes a number never used"
    assert ids[1] == "introduction-p1", "the old first paragraph keeps its id"
    assert "introduction-p7" in ids, "the split-off part is new too"
    third = build(corpus)  # nothing changed: nothing moves
    assert third == second


def test_a_deleted_paragraph_lands_on_its_neighbour_and_is_marked_revised(corpus: Path) -> None:
    document = build(corpus)
    conclusion = next(s for s in document.sections if s.id == "conclusion")
    gone = plain_text(conclusion.blocks[0].inlines)  # type: ignore[union-attr]
    words = gone.split()
    edit(corpus, lambda text: _remove_words(text, words[:12]))
    second = build(corpus)
    now = targets(second)
    assert now["conclusion-p1"][0] == "alias", "retired: an anchor on another passage"
    holder = next(
        b
        for s in second.sections
        for b in s.blocks
        if isinstance(b, Paragraph) and "conclusion-p1" in b.aliases
    )
    assert holder.id == "conclusion-p2", "the passage now in its place"
    page = render_document(second, load_corpus(corpus, workers=1).papers[0].meta)
    assert '<span id="conclusion-p1" class="anchor-alias" data-revised></span>' in page
    record = read_record(corpus / ".ids" / f"{SEED}.json")
    assert record is not None and record.retired["conclusion-p1"].to == "conclusion-p2"
    # The number is never given again: a new paragraph in the conclusion is p3.
    edit(corpus, insert_at_conclusion)
    third = build(corpus)
    conclusion = next(s for s in third.sections if s.id == "conclusion")
    assert [b.id for b in conclusion.blocks] == ["conclusion-p3", "conclusion-p2"]
    assert targets(third)["conclusion-p1"][0] == "alias"


def _remove_words(text: str, words: list[str]) -> str:
    """The source without the paragraph that opens with `words` (its lines, up to the next
    paragraph break)."""
    opening = " ".join(words[:4])
    start = text.index(opening)
    end = text.index(BREAK, start)
    return text[:start] + text[end + len(BREAK) :]


def test_a_corrected_heading_keeps_its_section_id_and_adds_the_new_one(corpus: Path) -> None:
    first = targets(build(corpus))
    edit(
        corpus,
        lambda text: text.replace("Policy Recommendations", "Policy Recommendations Made", 1),
    )
    second = build(corpus)
    section = next(s for s in second.sections if s.heading.startswith("Policy Recommendations"))
    assert section.id == "policy-recommendations"
    assert "policy-recommendations-made" in section.aliases
    assert_every_old_id_lands(first, second)
    items = [i.id for b in section.blocks if isinstance(b, ListBlock) for i in b.items]
    assert items[2] == "policy-recommendations-iii", "an item's id is its printed label"


def test_a_reader_that_cuts_paragraphs_differently_keeps_the_ids(corpus: Path) -> None:
    """The reader changed (a test double merging each pair of paragraphs, then one splitting
    each in two): every old id still lands on the passage holding its text."""
    document = build(corpus)
    first = targets(document)
    record = read_record(corpus / ".ids" / f"{SEED}.json")
    for recut in (_merge_pairs, _split_each):
        kept, _ = keep_ids(recut(document), record)
        now = targets(kept)
        for anchor, (kind, text) in first.items():
            if kind != "passage":
                continue
            assert anchor in now, (recut.__name__, anchor)
            assert " ".join(text.split()[:5]) in now[anchor][1], (recut.__name__, anchor)


def _merge_pairs(document: Document) -> Document:
    sections = []
    for section in document.sections:
        blocks, waiting = [], None
        for block in section.blocks:
            if isinstance(block, Paragraph) and not block.id.endswith("keywords"):
                if waiting is None:
                    waiting = block
                    continue
                merged = Paragraph(waiting.id, (*waiting.inlines, Text(" "), *block.inlines))
                blocks.append(merged)
                waiting = None
            else:
                if waiting is not None:
                    blocks.append(waiting)
                    waiting = None
                blocks.append(block)
        if waiting is not None:
            blocks.append(waiting)
        sections.append(replace(section, blocks=tuple(blocks)))
    return replace(document, sections=tuple(sections))


def _split_each(document: Document) -> Document:
    sections = []
    for section in document.sections:
        blocks, number = [], 0
        for block in section.blocks:
            if isinstance(block, Paragraph) and not block.id.endswith("keywords"):
                words = plain_text(block.inlines).split()
                half = max(1, len(words) // 2)
                for part in (words[:half], words[half:]):
                    if part:
                        number += 1
                        blocks.append(Paragraph(f"{section.id}-p{number}", (Text(" ".join(part)),)))
            else:
                blocks.append(block)
        sections.append(replace(section, blocks=tuple(blocks)))
    return replace(document, sections=tuple(sections))


def test_the_record_is_rewritten_only_when_it_changes(corpus: Path) -> None:
    build(corpus)
    path = corpus / ".ids" / f"{SEED}.json"
    stamp = path.stat().st_mtime_ns
    build(corpus)
    assert path.stat().st_mtime_ns == stamp
    edit(corpus, insert_at_introduction)
    build(corpus)
    assert path.stat().st_mtime_ns != stamp
    record = Record.from_json(path.read_text(encoding="utf-8"))
    assert record.to_json() == path.read_text(encoding="utf-8")


def test_a_renamed_paper_inherits_its_ids_and_its_old_url_redirects(
    corpus: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(site)]) == 0
    first = targets(build(corpus))
    for suffix in (".txt", ".yml"):
        (corpus / f"{SEED}{suffix}").rename(corpus / f"renamed{suffix}")
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(site)]) == 0
    kept = keep_corpus_ids(load_corpus(corpus, workers=1), corpus / ".ids")
    assert_every_old_id_lands(first, kept.corpus.papers[0].document)
    assert kept.redirects == {SEED: "renamed"}
    redirect = (site / "papers" / SEED / "index.html").read_text(encoding="utf-8")
    assert 'url=../renamed/"' in redirect and "location.hash" in redirect
    old = read_record(corpus / ".ids" / f"{SEED}.json")
    assert old is not None and old.successor == "renamed"
    # A build later still redirects.
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(site)]) == 0
    assert (site / "papers" / SEED / "index.html").is_file()


def test_a_removed_paper_leaves_a_notice_and_frozen_ids_refuse_it(
    corpus: Path, tmp_path: Path
) -> None:
    shutil.copy(CORPUS / "pakistan-russia-convergence-excerpt.txt", corpus / "other.txt")
    site = tmp_path / "site"
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(site)]) == 0
    (corpus / "other.txt").unlink()
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(site)]) == 0
    notice = (site / "papers" / "other" / "index.html").read_text(encoding="utf-8")
    assert "removed from this corpus" in notice
    config = tmp_path / "mkdocs.yml"
    packaged = Path(__file__).resolve().parents[1] / "src/corpus_site/resources/mkdocs.yml"
    config.write_text(
        f"INHERIT: {packaged}\ndocs_dir: {tmp_path / 'empty'}\nplugins:\n  - search\n"
        f"  - corpus:\n      corpus_dir: {corpus}\n      ids: frozen\n",
        encoding="utf-8",
    )
    (tmp_path / "empty").mkdir()
    assert main(["build", "--config", str(config), "--site-dir", str(site)]) == 1


def test_a_read_only_record_folder_is_one_info_line(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import corpus_site.anchors.record as record_module

    def refuse(path: Path, data: bytes) -> None:
        raise OSError(30, "Read-only file system", str(path))

    monkeypatch.setattr(record_module, "write_atomically", refuse)
    caplog.set_level(logging.INFO)
    document = build(corpus)
    assert document == load_corpus(corpus, workers=1).papers[0].document
    lines = [r for r in caplog.records if "id record cannot be written" in r.getMessage()]
    assert len(lines) == 1 and lines[0].levelno == logging.INFO


def test_the_bundled_record_is_committed_and_current() -> None:
    for source in sorted(CORPUS.glob("*.txt")):
        path = CORPUS / ".ids" / f"{source.stem}.json"
        record = read_record(path)
        assert record is not None, f"{path} is committed"
        document = load_corpus(CORPUS, workers=1)
        paper = next(p for p in document.papers if p.meta.slug == source.stem)
        kept, changes = keep_ids(paper.document, record)
        assert changes.moved == [] and changes.new == [] and changes.retired == {}
        assert record_of(
            kept, paper.meta.slug, source.name, record.retired
        ).to_json() == path.read_text(encoding="utf-8")


def test_serve_watches_the_papers_not_the_records_it_writes(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from corpus_site.plugin import CorpusPlugin

    calls: list[tuple[str, bool]] = []
    server = SimpleNamespace(watch=lambda path, recursive=True: calls.append((path, recursive)))
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    CorpusPlugin().on_serve(server, config=config, builder=None)  # type: ignore[arg-type]
    assert calls == [(str(tmp_path / "corpus"), False)]


def _paged(printed: tuple[str, ...], pdf: tuple[int, ...]) -> Document:
    from corpus_site.model import PageMarker, Section

    blocks = tuple(
        Paragraph(f"body-p{n}", (PageMarker(page), Text(f"Words printed on page {page} here.")))
        for n, page in enumerate(printed, start=1)
    )
    return Document(
        printed_title="Paged",
        sections=(Section("Body", "body", 2, blocks),),
        page_markers=printed,
        page_markers_complete=True,
        pdf_pages=tuple(zip(printed, pdf, strict=True)),
    )


def test_a_page_printed_twice_gets_its_own_anchor_and_its_own_pdf_link() -> None:
    from corpus_site.model import PaperMeta
    from corpus_site.pages.markdown import assemble_page, render_parts

    document = _paged(("37", "38", "38"), (1, 2, 3))
    meta = PaperMeta(slug="paged", source="paged.pdf")
    page = assemble_page(render_parts(document, meta, "../x.pdf"), [], document, "../x.pdf")
    assert "{ #page-38 .page-marker }[PDF](../x.pdf#page=2)" in page
    assert "(#page-38-2){ #page-38-2 .page-marker }[PDF](../x.pdf#page=3)" in page
    assert page.count("#page=3") == 1


def test_page_anchors_published_from_pdf_positions_stay_as_aliases() -> None:
    """Today a PDF without printed numbers is anchored by position (`#page-3`); a better
    reader prints 107 for that page: `#page-3` lands on the marker of page 107."""
    from corpus_site.model import PaperMeta
    from corpus_site.pages.markdown import assemble_page, render_parts

    before = _paged(("1", "2", "3"), (1, 2, 3))
    record = record_of(before, "paged", "paged.pdf")
    assert record.pages == {"page-1": 1, "page-2": 2, "page-3": 3}
    after, _ = keep_ids(_paged(("105", "106", "107"), (1, 2, 3)), record)
    assert after.page_aliases == (
        ("page-1", "page-105"),
        ("page-2", "page-106"),
        ("page-3", "page-107"),
    )
    meta = PaperMeta(slug="paged", source="paged.pdf")
    page = assemble_page(render_parts(after, meta, None), [], after, None)
    assert '{ #page-107 .page-marker }<span id="page-3" class="anchor-alias"></span>' in page
    again = record_of(after, "paged", "paged.pdf")
    assert {"page-3", "page-107"} <= again.pages.keys(), "the alias stays recorded"


def test_frozen_ids_fail_every_build_until_the_passage_returns(
    corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = _frozen_config(tmp_path, corpus)
    site = tmp_path / "site"
    assert main(["build", "--config", str(config), "--site-dir", str(site)]) == 0
    document = build(corpus)
    conclusion = next(s for s in document.sections if s.id == "conclusion")
    words = plain_text(conclusion.blocks[0].inlines).split()  # type: ignore[union-attr]
    saved = (corpus / f"{SEED}.txt").read_text(encoding="utf-8")
    edit(corpus, lambda text: _remove_words(text, words[:12]))
    for _ in range(2):  # the failed build wrote nothing: the next one fails the same way
        caplog.clear()
        assert main(["build", "--config", str(config), "--site-dir", str(site)]) == 1
        assert f"{SEED}#conclusion-p1" in caplog.text or f"{SEED}#conclusion-p1" in str(
            caplog.records
        )
    (corpus / f"{SEED}.txt").write_text(saved, encoding="utf-8")
    assert main(["build", "--config", str(config), "--site-dir", str(site)]) == 0


def _frozen_config(tmp_path: Path, corpus: Path) -> Path:
    packaged = Path(__file__).resolve().parents[1] / "src/corpus_site/resources/mkdocs.yml"
    (tmp_path / "empty").mkdir(exist_ok=True)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {packaged}\ndocs_dir: {tmp_path / 'empty'}\nplugins:\n  - search\n"
        f"  - corpus:\n      corpus_dir: {corpus}\n      ids: frozen\n",
        encoding="utf-8",
    )
    return config


def test_a_paper_failing_for_one_build_keeps_its_record(corpus: Path) -> None:
    first = targets(build(corpus))
    meta = corpus / f"{SEED}.yml"
    good = meta.read_text(encoding="utf-8")
    meta.write_text(good + "\nnot: a key we know\n", encoding="utf-8")
    shutil.copy(corpus / f"{SEED}.txt", corpus / "second-copy.txt")
    loaded = load_corpus(corpus, workers=1)
    assert loaded.errors, "the .yml typo stops the paper"
    kept = keep_corpus_ids(loaded, corpus / ".ids")
    save_records(kept, corpus / ".ids")
    assert kept.renamed == {} and kept.redirects == {} and SEED not in kept.removed
    (corpus / "second-copy.txt").unlink()
    meta.write_text(good, encoding="utf-8")
    assert_every_old_id_lands(first, build(corpus))
    assert targets(build(corpus)).keys() >= first.keys()


def test_a_paragraph_deleted_and_restored_takes_its_id_back(corpus: Path) -> None:
    first = targets(build(corpus))
    document = build(corpus)
    conclusion = next(s for s in document.sections if s.id == "conclusion")
    words = plain_text(conclusion.blocks[0].inlines).split()  # type: ignore[union-attr]
    saved = (corpus / f"{SEED}.txt").read_text(encoding="utf-8")
    edit(corpus, lambda text: _remove_words(text, words[:12]))
    build(corpus)
    (corpus / f"{SEED}.txt").write_text(saved, encoding="utf-8")
    again = build(corpus)
    assert targets(again)["conclusion-p1"] == first["conclusion-p1"]
    record = read_record(corpus / ".ids" / f"{SEED}.json")
    assert record is not None and "conclusion-p1" not in record.retired


def test_a_deleted_list_item_and_section_still_land(corpus: Path) -> None:
    document = build(corpus)
    first = targets(document)
    section = next(s for s in document.sections if s.id == "policy-recommendations")
    last = next(b for b in section.blocks if isinstance(b, ListBlock)).items[-1]
    opening = " ".join(plain_text(last.inlines).split()[:4])
    edit(corpus, lambda text: _remove_item(text, opening))
    second = build(corpus)
    now = targets(second)
    assert last.id in now and now[last.id][0] == "alias", "the item's label id still lands"
    assert set(first) <= set(now)


def _remove_item(text: str, opening: str) -> str:
    start = text.rindex("\n", 0, text.index(opening)) + 1
    label = text.rindex("\n", 0, start - 1) + 1  # the label line before the item's text
    end = text.index(BREAK, start)
    return text[:label] + text[end + len(BREAK) :]


def test_an_alias_never_repeats_a_live_id() -> None:
    from corpus_site.model import Section

    def paper(*sections: tuple[str, str, str]) -> Document:
        return Document(
            printed_title="T",
            sections=tuple(
                Section(heading, sid, 2, (Paragraph(f"{sid}-p1", (Text(text),)),))
                for heading, sid, text in sections
            ),
        )

    body = "words of the introduction that stay the same through every edit of it"
    v1 = paper(("Introducton", "introducton", body))
    record = record_of(v1, "t", "t.txt")
    v2, _ = keep_ids(paper(("Introduction", "introduction", body)), record)
    assert v2.sections[0].id == "introducton" and v2.sections[0].aliases == ("introduction",)
    record = record_of(v2, "t", "t.txt")
    other = "a new section called introduction with words of its very own here"
    v3, _ = keep_ids(
        paper(("Introduction", "introduction-2", body), ("Introduction", "introduction", other)),
        record,
    )
    ids = [s.id for s in v3.sections] + [a for s in v3.sections for a in s.aliases]
    assert len(ids) == len(set(ids)), ids


def test_a_long_slug_gets_a_record_file_it_can_have(tmp_path: Path) -> None:
    from corpus_site.anchors.record import record_path

    path = record_path(tmp_path, "a" * 251)
    assert len(path.name.encode()) <= 255 and path.name.endswith(".json")
    assert path != record_path(tmp_path, "a" * 250 + "b")
