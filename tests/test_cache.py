"""The extraction cache and parallel loading: same Documents, fewer reads, errors kept apart."""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import pickle
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corpus_site import site
from corpus_site.cli import main
from corpus_site.corpus import load_corpus
from corpus_site.errors import SourceError
from corpus_site.extract import read_source
from corpus_site.model import (
    Diagnostic,
    Document,
    Footnote,
    FootnoteRef,
    ListBlock,
    ListItem,
    PageMarker,
    PaperMeta,
    Paragraph,
    Section,
    Text,
)
from corpus_site.pages.markdown import PageParts, render_document
from corpus_site.runtime import cache as cache_module
from corpus_site.runtime.cache import DocumentCache
from corpus_site.runtime.codec import document_from_data, document_to_data
from corpus_site.runtime.pool import FILES_PER_WORKER
from corpus_site.topics.config import index_corpus
from corpus_site.topics.index import TopicIndex, iter_passages
from tests.conftest import REPO, record_topic_reads

SEEDS = Path(__file__).resolve().parent.parent / "corpus"
SEED = "russia-strategic-calculus-south-asia"
CACHE_LOG = "mkdocs.plugins.corpus_site.runtime.cache"
EXPARSER = REPO.parent / "shared" / "pdfs" / "exparser" / "pdfs"


def entry(payload: bytes) -> bytes:
    """A cache entry as DocumentCache writes one: the payload's SHA-256, a newline, the payload."""
    return hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload


def document_entries(cache_dir: Path) -> list[Path]:
    """The Document entries (`ab/….json`), not the measures, topic hits or pages beside them."""
    return sorted(cache_dir.glob("??/*.json"))


class CountingReader:
    """The real reader, counting the files it reads (serial loads only: it stays in-process)."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def __call__(self, path: Path, meta: PaperMeta) -> Document:
        self.read.append(path.name)
        return read_source(path, meta)


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for suffix in (".txt", ".yml"):
        shutil.copy(SEEDS / f"{SEED}{suffix}", folder / f"{SEED}{suffix}")
    shutil.copy(SEEDS / "pakistan-russia-convergence-excerpt.txt", folder / "excerpt.txt")
    return folder


def load(folder: Path, cache: DocumentCache, reader: CountingReader) -> dict[str, Document]:
    corpus = load_corpus(folder, reader=reader, cache=cache, workers=1)  # reads counted here
    assert not corpus.errors
    return {paper.meta.slug: paper.document for paper in corpus.papers}


def test_unchanged_files_come_from_the_cache(corpus_dir: Path, tmp_path: Path) -> None:
    cache = DocumentCache(tmp_path / "cache")
    first_reader, second_reader = CountingReader(), CountingReader()
    first = load(corpus_dir, cache, first_reader)
    second = load(corpus_dir, DocumentCache(tmp_path / "cache"), second_reader)
    assert sorted(first_reader.read) == ["excerpt.txt", f"{SEED}.txt"]
    assert second_reader.read == []
    assert second == first


def test_changed_bytes_or_metadata_or_version_miss(corpus_dir: Path, tmp_path: Path) -> None:
    load(corpus_dir, DocumentCache(tmp_path / "cache"), CountingReader())

    source = corpus_dir / "excerpt.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    reader = CountingReader()
    documents = load(corpus_dir, DocumentCache(tmp_path / "cache"), reader)
    assert reader.read == ["excerpt.txt"]
    assert "One more line." in repr(documents["excerpt"])

    meta = corpus_dir / f"{SEED}.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("Strategic Studies", "Other"), "utf-8")
    reader = CountingReader()
    load(corpus_dir, DocumentCache(tmp_path / "cache"), reader)
    assert reader.read == [f"{SEED}.txt"]

    reader = CountingReader()
    load(corpus_dir, DocumentCache(tmp_path / "cache", version="a reader changed"), reader)
    assert sorted(reader.read) == ["excerpt.txt", f"{SEED}.txt"]


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda _: b"",
    "truncated": lambda data: data[: len(data) // 2],
    "foreign bytes": lambda _: b"not a cache entry",
    "a pickle of the wrong type": lambda _: b"\x80\x05K\x01.",
    "a digest of nothing": lambda data: data.partition(b"\n")[0],
    # A sound digest over JSON of the wrong shape (an unknown kind, a field too many).
    "an unknown kind": lambda _: entry(b'{"kind": "Pickle", "printed_title": null}'),
    "a field too many": lambda data: entry(data.partition(b"\n")[2][:-1] + b',"x":1}'),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_entry_is_ignored_and_rebuilt(
    corpus_dir: Path, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    expected = load(corpus_dir, DocumentCache(tmp_path / "cache"), CountingReader())
    entries = document_entries(tmp_path / "cache")
    assert len(entries) == 2
    for path in entries:
        path.write_bytes(damage(path.read_bytes()))
    reader = CountingReader()
    assert load(corpus_dir, DocumentCache(tmp_path / "cache"), reader) == expected
    assert len(reader.read) == 2
    reader = CountingReader()
    assert load(corpus_dir, DocumentCache(tmp_path / "cache"), reader) == expected
    assert reader.read == []


class Planted:
    """Loading its pickle would run `open(marker, "w")`: code from the cache folder."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


def test_a_planted_pickle_never_runs_and_the_paper_is_read_again(
    corpus_dir: Path, tmp_path: Path
) -> None:
    expected = load(corpus_dir, DocumentCache(tmp_path / "cache"), CountingReader())
    marker = tmp_path / "planted-code-ran"
    planted = pickle.dumps(Planted(marker))
    first, second = document_entries(tmp_path / "cache")
    first.write_bytes(planted)
    second.write_bytes(entry(planted))  # even under a sound digest
    for path in (first, second):  # and where the pickles of an older cache lay
        path.with_suffix(".pickle").write_bytes(planted)
    reader = CountingReader()
    assert load(corpus_dir, DocumentCache(tmp_path / "cache"), reader) == expected
    assert sorted(reader.read) == ["excerpt.txt", f"{SEED}.txt"]
    assert not marker.exists()
    pickle.loads(planted).close()  # the plant is real: loading it is what would run it
    assert marker.exists()


def test_one_byte_flipped_in_a_document_is_a_miss_and_the_page_shows_the_word(
    corpus_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache_dir = tmp_path / "cache"
    (first,) = (
        p
        for p in load_corpus(corpus_dir, cache=DocumentCache(cache_dir)).papers
        if p.meta.slug == SEED
    )
    path = cache_dir / first.key[:2] / f"{first.key}.json"
    data = path.read_bytes()
    at = data.index(b"Moscow", data.index(b"\n")) + len(b"Mosco")
    path.write_bytes(data[:at] + b"x" + data[at + 1 :])  # "Moscox": one letter changed
    caplog.set_level(logging.DEBUG, logger=CACHE_LOG)
    reader = CountingReader()
    corpus = load_corpus(corpus_dir, reader=reader, cache=DocumentCache(cache_dir), workers=1)
    assert reader.read == [f"{SEED}.txt"]
    (paper,) = (p for p in corpus.papers if p.meta.slug == SEED)
    page = render_document(paper.document, paper.meta)
    assert "Moscox" not in page and "Moscow" in page
    logged = [r for r in caplog.records if r.name == CACHE_LOG and str(path) in r.getMessage()]
    assert len(logged) == 1 and logged[0].levelno == logging.DEBUG
    assert "SHA-256" in logged[0].getMessage()
    assert b"Moscox" not in path.read_bytes(), "the entry was made again"


def test_an_entry_that_is_no_file_is_a_miss_and_never_blocks(tmp_path: Path) -> None:
    cache = DocumentCache(tmp_path)
    fifo, folder = "ab" * 32, "cd" * 32
    (tmp_path / "ab").mkdir()
    os.mkfifo(tmp_path / "ab" / f"{fifo}.json")  # opening it to read would wait for a writer
    (tmp_path / "cd" / f"{folder}.json").mkdir(parents=True)
    found: list[Document | None] = []
    reading = threading.Thread(target=lambda: found.extend(map(cache.get, [fifo, folder])))
    reading.start()
    reading.join(timeout=30)
    assert not reading.is_alive(), "reading the cache blocked"
    assert found == [None, None] and cache.misses == 2


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_cache_that_cannot_be_written_warns_once_and_costs_only_speed(
    corpus_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    code: int,
) -> None:
    writes: list[Path] = []

    def failing(path: Path, data: bytes) -> None:
        writes.append(path)
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(cache_module, "write_atomically", failing)
    cache = DocumentCache(tmp_path / "cache")
    uncached = {paper.meta.slug: paper.document for paper in load_corpus(corpus_dir).papers}
    assert load(corpus_dir, cache, CountingReader()) == uncached
    cache.put_measure("ab" * 32, (1, 1))
    cache.put_page("cd" * 32, ["head"], ["tail"])
    assert len(writes) == 1, "after the first failure the cache is not tried again"
    assert cache.get_measure("ab" * 32) is None
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [
        f"{tmp_path / 'cache'}: cannot write the cache ({os.strerror(code)}); "
        "this build goes on without it"
    ]
    assert all(r.name == CACHE_LOG for r in caplog.records if r.levelno >= logging.WARNING)


def test_the_key_covers_source_metadata_suffix_and_version(tmp_path: Path) -> None:
    cache = DocumentCache(tmp_path, version="1")
    meta = PaperMeta(slug="a", source="a.txt")
    key = cache.key(b"text", meta, ".txt")
    assert cache.key(b"text", meta, ".txt") == key
    assert cache.key(b"text!", meta, ".txt") != key
    assert cache.key(b"text", PaperMeta(slug="a", source="a.txt", journal="J"), ".txt") != key
    assert cache.key(b"text", meta, ".pdf") != key
    assert DocumentCache(tmp_path, version="2").key(b"text", meta, ".txt") != key


def many_papers(folder: Path, count: int) -> None:
    """`count` distinct papers from the seed, plus two that cannot be read."""
    folder.mkdir()
    text = (SEEDS / f"{SEED}.txt").read_text(encoding="utf-8")
    for number in range(count):
        variant = text.replace("Moscow", f"Moscow{number}", 1)
        (folder / f"paper-{number:03d}.txt").write_text(variant, encoding="utf-8")
    (folder / "paper-empty.txt").write_text("", encoding="utf-8")
    (folder / "paper-binary.txt").write_bytes(b"\x00\x01binary" * 10)


def test_parallel_load_matches_serial_and_keeps_errors_apart(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    many_papers(folder, FILES_PER_WORKER + 2)
    serial = load_corpus(folder, workers=1)
    parallel = load_corpus(folder, workers=2)
    assert [p.meta.slug for p in parallel.papers] == [p.meta.slug for p in serial.papers]
    assert [p.document for p in parallel.papers] == [p.document for p in serial.papers]
    assert len(parallel.papers) == FILES_PER_WORKER + 2
    assert [e.one_line() for e in parallel.errors] == [e.one_line() for e in serial.errors]
    assert [type(e) for e in parallel.errors] == [SourceError, SourceError]
    assert {e.path.name for e in parallel.errors} == {"paper-empty.txt", "paper-binary.txt"}


def test_parallel_load_fills_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    many_papers(folder, FILES_PER_WORKER)
    cache = DocumentCache(tmp_path / "cache")
    first = load_corpus(folder, cache=cache, workers=2)
    assert cache.misses == FILES_PER_WORKER + 2
    again = DocumentCache(tmp_path / "cache")
    second = load_corpus(folder, cache=again, workers=2)
    assert again.hits == FILES_PER_WORKER  # errors are not cached: they are read again
    assert [p.document for p in second.papers] == [p.document for p in first.papers]


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A copy of the bundled corpus, topics.yml included, to edit."""
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus_dir)
    return corpus_dir


def _edit_excerpt(corpus_dir: Path) -> None:
    """The excerpt names the SCO now (where the first seed's SCO passages never met it)."""
    source = corpus_dir / "pakistan-russia-convergence-excerpt.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("multilateralism", "the SCO", 1), encoding="utf-8")


def _add_topic_term(corpus_dir: Path) -> None:
    """A new term for the CPEC topic: the matcher (and its fingerprint) changes."""
    topics_yml = corpus_dir / "topics.yml"
    text = topics_yml.read_text(encoding="utf-8")
    topics_yml.write_text(text.replace("CPEC]", "CPEC, Makran]", 1), encoding="utf-8")
    assert "Makran" in topics_yml.read_text(encoding="utf-8")


def _index_dump(index: TopicIndex) -> list[tuple[str, str, tuple[tuple[int, int], ...]]]:
    return [
        (topic, mention.passage.id, mention.spans)
        for topic, found in index.mentions.items()
        for mention in found
    ]


def test_topic_hits_come_from_the_cache_while_passages_and_topics_stay(
    tmp_path: Path, bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus_dir = bundled
    cache = DocumentCache(tmp_path / "cache")
    corpus = load_corpus(corpus_dir)
    fresh = index_corpus(corpus)
    first = index_corpus(corpus, cache)
    assert fresh is not None and first is not None
    assert _index_dump(first) == _index_dump(fresh) and first.passage_topics == fresh.passage_topics
    entries = list((tmp_path / "cache" / "topics").rglob("*.json"))
    assert len(entries) == len(corpus.papers)

    calls = record_topic_reads(monkeypatch)
    again = index_corpus(corpus, cache)
    assert again is not None and _index_dump(again) == _index_dump(fresh)
    assert calls == [], "nothing changed: every paper's hits came from the cache"

    # An edited paper is read again, and only that one.
    _edit_excerpt(corpus_dir)
    edited = load_corpus(corpus_dir)
    index = index_corpus(edited, cache)
    assert index is not None and index.passage_topics != fresh.passage_topics
    excerpt = [p for p in edited.papers if p.meta.slug == "pakistan-russia-convergence-excerpt"]
    assert calls and set(calls) <= {passage.text for passage in iter_passages(excerpt[0])}
    assert _index_dump(index) == _index_dump(index_corpus(edited))  # as if nothing were cached
    calls.clear()
    corpus = edited

    # A new term for a topic changes the matcher: every paper is read again.
    _add_topic_term(corpus_dir)
    known = set((tmp_path / "cache" / "topics").rglob("*.json"))
    changed = index_corpus(corpus, cache)
    assert changed is not None and calls
    # A damaged entry is a miss, found again.
    calls.clear()
    entries = sorted(set((tmp_path / "cache" / "topics").rglob("*.json")) - known)
    assert len(entries) == 2, "the entries of the matcher in use"
    entries[0].write_bytes(b"\x80\x05garbage")
    entries[1].write_bytes(entry(b'[[[1, 2, "cpec"]]]'))  # JSON of the wrong shape
    assert _index_dump(index_corpus(corpus, cache)) == _index_dump(changed)
    assert calls


def test_paper_pages_come_from_the_cache_and_their_appendix_is_made_anew(
    tmp_path: Path, bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus_dir = bundled
    cache = DocumentCache(tmp_path / "cache")
    rendered: list[str] = []
    original = site.render_parts

    def recording(document: Document, meta: PaperMeta, *args: Any) -> PageParts:
        rendered.append(meta.slug)
        return original(document, meta, *args)

    monkeypatch.setattr(site, "render_parts", recording)

    def build() -> tuple[dict[str, str], dict[str, str]]:
        """The pages made with the cache, and as a build without one makes them."""
        corpus = load_corpus(corpus_dir, cache=cache)
        assert all(paper.key for paper in corpus.papers)
        pages = site.render_site(corpus, index_corpus(corpus, cache), cache)
        return pages, site.render_site(load_corpus(corpus_dir))

    pages, fresh = build()
    assert pages == fresh and len(list((tmp_path / "cache" / "pages").rglob("*.json"))) == 2
    rendered.clear()
    pages, fresh = build()
    assert pages == fresh
    assert rendered == ["pakistan-russia-convergence-excerpt", SEED]  # the cache-less build
    rendered.clear()

    # One paper edited: only its page is made again, but the other's "Related passages"
    # quote it now (the first seed's passages on the SCO never met the excerpt's before).
    _edit_excerpt(corpus_dir)
    before = pages[f"papers/{SEED}.md"]
    pages, fresh = build()
    assert pages == fresh
    assert rendered[0] == "pakistan-russia-convergence-excerpt" and len(rendered) == 3
    assert pages[f"papers/{SEED}.md"] != before
    rendered.clear()

    # A new term for a topic changes the matcher (and the links): every page is made again.
    _add_topic_term(corpus_dir)
    pages, fresh = build()
    assert pages == fresh and rendered[:2] == ["pakistan-russia-convergence-excerpt", SEED]
    rendered.clear()

    # A damaged entry is a miss, made again.
    entries = sorted((tmp_path / "cache" / "pages").rglob("*.json"))
    for path in entries:
        path.write_bytes(entry(b'{"head": ["x"], "tail": [1]}'))  # JSON of the wrong shape
    entries[0].write_bytes(b"\x80garbage")
    pages, fresh = build()
    assert pages == fresh and len(rendered) == 4


def test_a_full_disk_gives_a_built_site_and_one_warning_naming_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus)

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(cache_module, "write_atomically", full)
    monkeypatch.chdir(tmp_path)
    site_dir = tmp_path / "site"
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(site_dir)]) == 0
    page = site_dir / "papers" / SEED / "index.html"
    assert "Moscow" in page.read_text(encoding="utf-8")
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    naming = [r.getMessage() for r in warnings if "cache" in r.getMessage()]
    assert naming == [
        f"{tmp_path / '.cache' / 'corpus-site'}: cannot write the cache "
        "(No space left on device); this build goes on without it"
    ]
    assert not list((tmp_path / ".cache").rglob("*.json")), "nothing was cached"


# -- the codec: Documents as JSON and back -------------------------------------------------


def round_trip(document: Document) -> Document:
    """Through JSON text, as the cache stores it."""
    return document_from_data(json.loads(json.dumps(document_to_data(document))))


EVERY_FIELD = Document(
    printed_title="A title \ud800 with a lone surrogate",
    sections=(
        Section(
            heading="Intro",
            id="intro",
            level=2,
            blocks=(
                Paragraph(
                    "intro-p1", (Text("Words"), FootnoteRef("1"), PageMarker("34"), Text(".")), 7
                ),
                ListBlock(
                    "roman",
                    (ListItem("i.", "intro-l1-i1", (Text("One"),), 9), ListItem("ii.", "x", ())),
                    8,
                ),
            ),
            source_line=5,
            page_before="33",
        ),
        Section(heading="Empty", id="empty", level=3, blocks=()),
    ),
    footnotes=(Footnote("1", (Text("A note"),), present=False, source_line=40),),
    keywords=("a", "b"),
    author_notes=("Note on the author",),
    authors=("Ann Example",),
    page_markers=("33", "34"),
    page_markers_complete=True,
    pdf_pages=(("33", 1), ("34", 2)),
    diagnostics=(Diagnostic(3, "doubtful"),),
    artefact_lines=(1, 2),
)


def test_the_codec_round_trips_every_field_of_every_dataclass(tmp_path: Path) -> None:
    assert round_trip(EVERY_FIELD) == EVERY_FIELD
    DocumentCache(tmp_path).put("ab" * 32, EVERY_FIELD)  # and through the cache's own bytes
    assert DocumentCache(tmp_path).get("ab" * 32) == EVERY_FIELD
    data = document_to_data(EVERY_FIELD)
    assert data["kind"] == "Document" and data["pdf_pages"] == [["33", 1], ["34", 2]]
    blocks = data["sections"][0]["blocks"]
    assert [block["kind"] for block in blocks] == ["Paragraph", "ListBlock"]
    kinds = [part["kind"] for part in blocks[0]["inlines"]]
    assert kinds == ["Text", "FootnoteRef", "PageMarker", "Text"]


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_the_codec_round_trips_the_seeds(name: str) -> None:
    document = read_source(SEEDS / name, PaperMeta(slug="x", source=name))
    assert round_trip(document) == document


def test_the_codec_round_trips_generated_pdfs(tmp_path: Path) -> None:
    from tests.pdfgen import Block, write_paper
    from tests.pdfgen import Paper as PdfPaper

    blocks = [
        Block("title", "Codec Test Paper"),
        Block("authors", "Ann Example and Bo Sample"),
        Block("heading", "Abstract"),
        Block("para", "What the test paper is about, in one go."),
        Block("keywords", "Keywords: codec; cache"),
        Block("heading", "1. Introduction"),
        Block("para", "A treaty was signed in Berlin{1}. " + "Filler words of a sentence. " * 40),
        Block("item", "Russia should be engaged.", label="i."),
        Block("item", "Trade should grow.{2}", label="ii."),
        Block("heading", "2. Conclusion"),
        Block("para", "Closing words of the paper. " * 60),
    ]
    for columns in (1, 2):
        paper = PdfPaper(
            blocks=blocks, notes={"1": "On Berlin.", "2": "On trade."}, columns=columns
        )
        path = write_paper(paper, tmp_path / f"columns-{columns}.pdf")
        document = read_source(path, PaperMeta(slug="x", source=path.name))
        assert any(
            isinstance(block, ListBlock)
            for section in document.sections
            for block in section.blocks
        )
        assert document.pdf_pages and round_trip(document) == document


@pytest.mark.parametrize("name", ["de-both-31474.pdf", "de-list-12797.pdf", "de-both-11653.pdf"])
def test_the_codec_round_trips_real_pdfs(name: str) -> None:
    path = EXPARSER / name
    if not path.is_file():
        pytest.skip(f"{name} is not available outside CI")
    document = read_source(path, PaperMeta(slug="x", source=name))
    assert round_trip(document) == document


def _data() -> dict[str, Any]:
    return json.loads(json.dumps(document_to_data(EVERY_FIELD)))  # type: ignore[no-any-return]


def _paragraph(data: dict[str, Any]) -> dict[str, Any]:
    return data["sections"][0]["blocks"][0]  # type: ignore[no-any-return]


# Each changes the data of EVERY_FIELD in place.
WRONG_SHAPES: dict[str, Callable[[dict[str, Any]], object]] = {
    "another kind on top": lambda data: data.update(kind="Section"),
    "an unknown inline": lambda data: _paragraph(data)["inlines"].append({"kind": "Exec"}),
    "a kind that is a list": lambda data: _paragraph(data)["inlines"].append({"kind": []}),
    "a block where an inline goes": lambda data: _paragraph(data)["inlines"].append(
        dict(_paragraph(data))
    ),
    "a missing field": lambda data: data.pop("authors"),
    "a field too many": lambda data: data.update(extra=1),
    "a string for a number": lambda data: data["sections"][0].update(level="2"),
    "a bool for a number": lambda data: data["sections"][0].update(level=True),
    "a number for a bool": lambda data: data.update(page_markers_complete=1),
    "a number for a string": lambda data: data.update(printed_title=1),
    "an object for a list": lambda data: data.update(keywords={"a": 1}),
    "a pair of three": lambda data: data["pdf_pages"].append(["35", 3, 4]),
}


@pytest.mark.parametrize("damage", WRONG_SHAPES.values(), ids=WRONG_SHAPES.keys())
def test_the_codec_refuses_wrong_shapes(damage: Callable[[dict[str, Any]], object]) -> None:
    data = _data()
    assert document_from_data(data) == EVERY_FIELD
    damage(data)
    with pytest.raises(ValueError):
        document_from_data(data)


@pytest.mark.parametrize("data", [None, "Document", [], {}, {"kind": "Document"}])
def test_the_codec_refuses_what_is_no_document(data: object) -> None:
    with pytest.raises(ValueError):
        document_from_data(data)
