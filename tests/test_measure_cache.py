"""The fidelity measure on a page's HTML, and its cache entry beside the extracted Documents."""

from __future__ import annotations

import dataclasses
import os
import signal
from pathlib import Path

import markdown as python_markdown

from corpus_site.corpus import load_corpus
from corpus_site.fidelity.measure import (
    EXTENSIONS,
    Fidelity,
    html_text,
    measure_html,
    measure_paper,
    words,
)
from corpus_site.fidelity.worker import PageMeasures, own_words
from corpus_site.ids import RELATED_ID
from corpus_site.model import Paper, PaperMeta
from corpus_site.pages.markdown import render_document
from corpus_site.runtime.cache import DocumentCache
from tests.conftest import FIRST_SEED


def test_measure_entries_are_keyed_by_source_metadata_and_page(tmp_path: Path) -> None:
    cache = DocumentCache(tmp_path)
    meta = PaperMeta(slug="a", source="a.txt")
    key = cache.measure_key(b"text", meta, "<p>text</p>")
    assert cache.measure_key(b"text", meta, "<p>text</p>") == key
    assert cache.get_measure(key) is None
    cache.put_measure(key, (120, 119))
    assert DocumentCache(tmp_path).get_measure(key) == (120, 119)
    assert cache.measure_key(b"text", meta, "<p>tex</p>") != key
    assert cache.measure_key(b"text!", meta, "<p>text</p>") != key
    other = PaperMeta(slug="a", source="a.txt", journal="J")
    assert cache.measure_key(b"text", other, "<p>text</p>") != key
    # Source and page are length-prefixed apart: moving bytes between them changes the key.
    assert cache.measure_key(b"text<p>", meta, "text</p>") != key


def test_a_damaged_measure_entry_is_a_miss(tmp_path: Path) -> None:
    cache = DocumentCache(tmp_path)
    key = cache.measure_key(b"text", PaperMeta(slug="a", source="a.txt"), "<p>text</p>")
    cache.put_measure(key, (3, 3))
    (entry,) = (tmp_path / "measures").rglob("*.txt")
    entry.write_bytes(b"\xff garbage")
    assert cache.get_measure(key) is None


def test_measure_on_the_html_agrees_with_check_and_sees_a_loss() -> None:
    corpus = load_corpus(FIRST_SEED.parent, workers=1)
    paper = next(p for p in corpus.papers if p.source == FIRST_SEED)
    source = paper.source.read_bytes()
    page = render_document(paper.document, paper.meta)
    html = python_markdown.markdown(page, extensions=EXTENSIONS)
    measured = measure_html(source, paper.meta, html)
    assert measured == measure_paper(paper)
    assert measured.share >= 0.999
    first_paragraph = html.index("<p", html.index("</h2>"))
    lossy = html[:first_paragraph] + html[html.index("</p>", first_paragraph) + 4 :]
    lost = measure_html(source, paper.meta, lossy)
    assert lost.expected == measured.expected and lost.kept < measured.kept


def test_links_do_not_split_a_word_and_a_footnote_call_stays_apart() -> None:
    # A topic link on "US" in "US-led" (regression: the measure read "us led" and counted a
    # word lost on every page with such a link); a call's number is not glued to its word.
    html = '<p>An <a class="topic-link" href="t">US</a>-led<sup><a href="#fn:3">3</a></sup> push'
    html += '</p><ol><li>one</li><li>two</li></ol><div class="footnote"><p>Note <em>x</em>y</p>'
    body, notes = html_text(html + "</div>")
    assert words(body) == ["an", "usled", "3", "push", "one", "two"]
    assert words(notes) == ["note", "xy"]


def _pages() -> list[tuple[Paper, str]]:
    corpus = load_corpus(FIRST_SEED.parent, workers=1)
    return [
        (
            paper,
            python_markdown.markdown(
                render_document(paper.document, paper.meta), extensions=EXTENSIONS
            ),
        )
        for paper in corpus.papers
    ]


def test_pages_measured_by_the_worker_agree_with_measures_made_here(tmp_path: Path) -> None:
    pages = _pages()
    first, first_html = next(page for page in pages if page[0].source == FIRST_SEED)
    cut = first_html.index("<p", first_html.index("</h2>"))
    lossy = first_html[:cut] + first_html[first_html.index("</p>", cut) + 4 :]
    pages.append((first, lossy))
    here = PageMeasures(background=False)
    worker = PageMeasures(DocumentCache(tmp_path), min_pages=1)
    for paper, html in pages:
        here.add(paper, html)
        worker.add(paper, html)
    assert worker.worker_started, "the worker took the pages"
    expected = [
        (paper, measure_html(paper.source.read_bytes(), paper.meta, html)) for paper, html in pages
    ]
    assert list(here.results()) == expected
    assert list(worker.results()) == expected
    assert not worker.worker_started, "results() shuts the worker down"
    whole = next(fidelity for paper, fidelity in expected if paper is first)
    assert whole.share >= 0.999 and expected[-1][1].kept < whole.kept
    # The worker's measures were cached: measuring again starts no worker.
    again = PageMeasures(DocumentCache(tmp_path), min_pages=1)
    for paper, html in pages:
        again.add(paper, html)
    assert not again.worker_started
    assert list(again.results()) == expected


def test_a_measure_that_fails_is_an_outcome_not_a_crash(tmp_path: Path) -> None:
    (paper, html), *_ = _pages()
    gone = dataclasses.replace(paper, source=tmp_path / "deleted.txt")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00 not text")
    undecodable = dataclasses.replace(paper, source=binary, source_key="")  # read unknown
    for background in (False, True):
        measures = PageMeasures(background=background, min_pages=1)
        for each in (gone, undecodable, paper):
            measures.add(each, html)
        outcomes = [outcome for _, outcome in measures.results()]
        assert isinstance(outcomes[0], OSError)
        assert isinstance(outcomes[1], Exception) and not isinstance(outcomes[1], Fidelity)
        assert isinstance(outcomes[2], Fidelity) and outcomes[2].share >= 0.999


def test_pages_the_worker_did_not_finish_are_measured_here_if_it_dies() -> None:
    pages = _pages() * 15
    measures = PageMeasures(min_pages=1)
    for paper, html in pages:
        measures.add(paper, html)
    assert measures.worker_started
    for process in list(measures._executor._processes.values()):  # type: ignore[union-attr]
        os.kill(process.pid, signal.SIGKILL)
    outcomes = [outcome for _, outcome in measures.results()]
    expected = {
        paper: measure_html(paper.source.read_bytes(), paper.meta, html) for paper, html in pages
    }
    assert outcomes == [expected[paper] for paper, _ in pages]


def test_other_papers_quotes_are_neither_measured_nor_keyed(tmp_path: Path) -> None:
    paper, html = next(page for page in _pages() if page[0].source == FIRST_SEED)
    cite = html.index('<h2 id="cite"')

    def quoting(words: str) -> str:
        related = f'<h2 id="{RELATED_ID}">Related passages</h2>\n<ul><li>{words}</li></ul>\n'
        return html[:cite] + related + html[cite:]

    # Measured as the page without the quotes: a loss is still seen.
    lossy = html.replace("Moscow", "", 1)
    assert own_words(quoting("x")) == html and own_words(html) == html
    here = PageMeasures(DocumentCache(tmp_path), background=False)
    here.add(paper, quoting("Moscow"))
    here.add(paper, lossy[:cite] + quoting("Moscow")[cite:])
    (_, whole), (_, lost) = here.results()
    assert whole == measure_html(paper.source.read_bytes(), paper.meta, html)
    assert lost.kept == whole.kept - 1
    # Another paper's edit changes the quotes, not the measure's key: no new entry.
    entries = list((tmp_path / "measures").rglob("*.txt"))
    again = PageMeasures(DocumentCache(tmp_path), background=False)
    again.add(paper, quoting("words an edit of another paper changed"))
    assert [fidelity for _, fidelity in again.results()] == [whole]
    assert list((tmp_path / "measures").rglob("*.txt")) == entries
