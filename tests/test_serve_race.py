"""Under `mkdocs serve` a source can change while its page is built: the page is measured
against the text it was made from, or not at all, never against newer text."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown

from corpus_site.corpus import load_corpus
from corpus_site.fidelity.measure import EXTENSIONS, Fidelity
from corpus_site.fidelity.worker import PageMeasures
from corpus_site.model import Paper
from corpus_site.pages.markdown import render_document
from corpus_site.runtime.cache import DocumentCache
from tests.conftest import CORPUS

SEED = "russia-strategic-calculus-south-asia"


def _built(tmp_path: Path) -> tuple[Path, DocumentCache]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / f"{SEED}.txt", corpus / f"{SEED}.txt")
    return corpus, DocumentCache(tmp_path / "cache")


def _page(paper: Paper) -> str:
    page = render_document(paper.document, paper.meta)
    return markdown.markdown(page, extensions=EXTENSIONS)


def test_a_source_edited_after_it_was_read_is_not_measured_against_its_new_text(
    tmp_path: Path,
) -> None:
    folder, cache = _built(tmp_path)
    paper = load_corpus(folder, cache=cache, workers=1).papers[0]
    html = _page(paper)
    source = folder / f"{SEED}.txt"
    # The editor adds a paragraph while MkDocs renders the page made from the old text.
    source.write_text(source.read_text() + "\nA new closing paragraph " * 200 + "\n")
    measures = PageMeasures(cache, background=False)
    measures.add(paper, html)
    assert list(measures.results()) == []  # no measure, so no false "words lost"


def test_an_unchanged_source_is_measured(tmp_path: Path) -> None:
    folder, cache = _built(tmp_path)
    paper = load_corpus(folder, cache=cache, workers=1).papers[0]
    measures = PageMeasures(cache, background=False)
    measures.add(paper, _page(paper))
    [(measured, outcome)] = list(measures.results())
    assert measured is paper and isinstance(outcome, Fidelity) and outcome.share >= 0.999


def test_a_paper_through_the_id_stage_is_still_measured(tmp_path: Path) -> None:
    from corpus_site.anchors.stage import keep_corpus_ids

    folder, cache = _built(tmp_path)
    corpus = keep_corpus_ids(load_corpus(folder, cache=cache, workers=1), tmp_path / "ids").corpus
    [paper] = corpus.papers
    assert paper.key != paper.source_key, "the ids are part of the page's key"
    measures = PageMeasures(cache, background=False)
    measures.add(paper, _page(paper))
    [(_, outcome)] = list(measures.results())
    assert isinstance(outcome, Fidelity)


def test_without_a_cache_the_page_is_still_measured_against_what_it_was_made_of(
    tmp_path: Path,
) -> None:
    folder, _ = _built(tmp_path)
    paper = load_corpus(folder, cache=None, workers=1).papers[0]
    assert paper.key == "" and len(paper.source_key) == 64
    html = _page(paper)
    source = folder / f"{SEED}.txt"
    source.write_text(source.read_text() + "\nA new closing paragraph " * 200 + "\n")
    measures = PageMeasures(None, background=False)
    measures.add(paper, html)
    assert list(measures.results()) == []
