"""Bad input: each unreadable file is one line (file, what is wrong, what to do), the rest builds.

Every case is written into `tmp_path` by the test itself. The unit tests go through
`load_corpus`; the end-to-end tests run `corpus-site build` on a folder mixing good papers with
every bad case and check the exit code, that each bad file is named exactly once, that no
traceback reaches the user, and that the good papers' pages are complete.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from corpus_site.cli import main
from corpus_site.corpus import Isolated, load_corpus
from corpus_site.errors import CorpusError, MetadataError, SourceError
from corpus_site.extract import read_source
from corpus_site.extract.align import kept_in_order as _kept
from corpus_site.fidelity.measure import words
from corpus_site.ids import paper_slug
from corpus_site.model import Corpus, Document, PaperMeta
from tests.conftest import FIRST_SEED, SECOND_SEED, run_cli

SEED = SECOND_SEED.read_bytes()


def load(root: Path, **options: int) -> Corpus:
    return load_corpus(root, **options)  # type: ignore[arg-type]


def only_error(corpus: Corpus) -> CorpusError:
    assert len(corpus.errors) == 1, [error.one_line() for error in corpus.errors]
    return corpus.errors[0]


def assert_one_line(error: CorpusError, path: Path, *fragments: str) -> str:
    line = error.one_line()
    assert "\n" not in line
    assert line.startswith(str(path)), line
    for fragment in fragments:
        assert fragment in line, line
    return line


# -- text sources ----------------------------------------------------------------------------


def test_empty_file_is_refused_and_the_others_load(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes(SEED)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n \t\n")
    corpus = load(tmp_path)
    assert [paper.meta.slug for paper in corpus.papers] == ["good"]
    messages = {error.path.name: error.one_line() for error in corpus.errors}
    assert set(messages) == {"empty.txt", "blank.txt"}
    assert all("empty" in line and "remove the file" in line for line in messages.values())


def test_binary_file_with_a_text_extension_is_refused(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(600))
    error = only_error(load(tmp_path))
    assert isinstance(error, SourceError)
    assert_one_line(error, tmp_path / "image.txt", "binary data")


def test_text_that_is_not_utf8_is_refused_naming_the_line(tmp_path: Path) -> None:
    """The choice: refuse, never guess. A wrong guess (Latin-1 for CP1252, say) silently
    changes letters on the page; the message names the line and the fix."""
    text = "First line\n\nSecond line\n\nCaf\u00e9 on the fifth line\n"
    (tmp_path / "latin.txt").write_bytes(text.encode("latin-1"))
    error = only_error(load(tmp_path))
    assert error.line == 5
    assert_one_line(error, tmp_path / "latin.txt", "latin.txt:5:", "not UTF-8", "UTF-8")


def test_utf8_with_a_byte_order_mark_and_crlf_is_read(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + SEED.replace(b"\n", b"\r\n"))
    corpus = load(tmp_path)
    assert not corpus.errors and len(corpus.papers) == 1


# -- metadata --------------------------------------------------------------------------------


def _paper_with_meta(root: Path, meta: str | bytes, name: str = "paper") -> Path:
    (root / f"{name}.txt").write_bytes(SEED)
    path = root / f"{name}.yml"
    path.write_bytes(meta if isinstance(meta, bytes) else meta.encode())
    return path


def test_yaml_that_does_not_parse_names_file_line_and_column(tmp_path: Path) -> None:
    path = _paper_with_meta(tmp_path, 'title: "fine"\njournal: [unclosed\nyear: 2018\n')
    corpus = load(tmp_path)
    error = only_error(corpus)
    assert isinstance(error, MetadataError)
    assert re.match(rf"{re.escape(str(path))}:3:5: YAML does not parse", error.one_line())
    assert corpus.papers == []


@pytest.mark.parametrize(
    ("meta", "line", "fragment"),
    [
        ("title: T\nauthor: Someone\n", 2, "unknown key 'author' (allowed: authors,"),
        ("year: soon\n", 1, "key 'year' must be a whole number"),
        ("year: true\n", 1, "key 'year' must be a whole number"),
        ("authors: A. Author\n", 1, "key 'authors' must be a list of strings"),
        ("authors: [A, 3]\n", 1, "key 'authors' must be a list of strings"),
        ("complete: maybe\n", 1, "key 'complete' must be true or false"),
        ("title: '  '\n", 1, "key 'title' is empty"),
        ("title: A\ntitle: B\n", 2, "key 'title' is given twice"),
        ("? [a, b]\n: 1\n", 1, "unknown key"),
        ("- just\n- a list\n", 1, "must be a mapping"),
    ],
)
def test_metadata_with_unknown_keys_or_wrong_types(
    tmp_path: Path, meta: str, line: int, fragment: str
) -> None:
    path = _paper_with_meta(tmp_path, meta)
    error = only_error(load(tmp_path))
    assert error.line == line
    assert_one_line(error, path, f"paper.yml:{line}:", fragment)


@pytest.mark.parametrize(
    ("meta", "fragment"),
    [
        (b"title: caf\xe9\n", "paper.yml:1: not UTF-8"),
        (b"title: bell \x07 here\n", "YAML does not parse"),
        (b"a: &a [*a, *a]\ntitle: *a\n", "paper.yml:"),
    ],
)
def test_metadata_bytes_that_yaml_cannot_take(tmp_path: Path, meta: bytes, fragment: str) -> None:
    path = _paper_with_meta(tmp_path, meta)
    assert_one_line(only_error(load(tmp_path)), path, fragment)


def test_empty_metadata_file_means_no_metadata(tmp_path: Path) -> None:
    _paper_with_meta(tmp_path, "# nothing known yet\n")
    corpus = load(tmp_path)
    assert not corpus.errors and corpus.papers[0].meta.title is None


def test_metadata_file_without_its_paper(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes(SEED)
    (tmp_path / "lost.yml").write_text("title: Lost\n")
    (tmp_path / "topics.yml").write_text("[]\n")  # reserved names are not paper metadata
    corpus = load(tmp_path)
    assert len(corpus.papers) == 1
    assert_one_line(only_error(corpus), tmp_path / "lost.yml", "without a paper", "rename")


def test_metadata_with_a_yaml_suffix_is_not_silently_ignored(tmp_path: Path) -> None:
    (tmp_path / "paper.txt").write_bytes(SEED)
    (tmp_path / "paper.yaml").write_text("title: Never read\n")
    assert_one_line(only_error(load(tmp_path)), tmp_path / "paper.yaml", "paper.yml")


# -- PDFs (the reader is extract/pdf.py; it raises SourceError for these) --------------------


def _write_pdf(path: Path, text: str | None, encrypt: str | None = None) -> None:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), encrypt=encrypt, invariant=1)
    if text is None:  # a page with only a drawing, like a scan without OCR
        pdf.rect(72, 72, 300, 300, fill=1)
    else:
        pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()


def write_bad_pdfs(root: Path) -> dict[str, str]:
    """Every kind of unreadable PDF; returns file name -> a word its message must contain."""
    _write_pdf(root / "whole.pdf", "A readable page of text.")
    data = (root / "whole.pdf").read_bytes()
    (root / "whole.pdf").unlink()
    (root / "truncated.pdf").write_bytes(data[: len(data) // 2])
    (root / "corrupt.pdf").write_bytes(data[:200] + bytes(range(256)) * 4 + data[-200:])
    _write_pdf(root / "encrypted.pdf", "Secret text.", encrypt="password")
    _write_pdf(root / "scanned.pdf", None)
    (root / "not-a-pdf.pdf").write_text("<html>a download error page</html>\n")
    return {
        "truncated.pdf": "PDF",
        "corrupt.pdf": "PDF",
        "encrypted.pdf": "encrypted",
        "scanned.pdf": "text layer",
        "not-a-pdf.pdf": "not a PDF",
    }


def test_unreadable_pdfs_are_one_line_each(tmp_path: Path) -> None:
    expected = write_bad_pdfs(tmp_path)
    _write_pdf(tmp_path / "readable.pdf", "A readable page of text in a real PDF file.")
    corpus = load(tmp_path)
    assert [paper.meta.slug for paper in corpus.papers] == ["readable"]
    seen = {error.path.name: error for error in corpus.errors}
    assert set(seen) == set(expected)
    for name, fragment in expected.items():
        assert isinstance(seen[name], SourceError)
        assert_one_line(seen[name], tmp_path / name, fragment)


# -- size, names, URLs -------------------------------------------------------------------------


def test_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    (tmp_path / "small.txt").write_bytes(SEED)
    (tmp_path / "big.txt").write_bytes(FIRST_SEED.read_bytes())

    def never(path: Path, meta: PaperMeta) -> Document:
        assert path.name != "big.txt", "an oversized file was read"
        return read_source(path, meta)

    corpus = load_corpus(tmp_path, max_bytes=len(SEED) + 1, reader=never)
    assert [paper.meta.slug for paper in corpus.papers] == ["small"]
    assert_one_line(
        only_error(corpus), tmp_path / "big.txt", f"over the {len(SEED) + 1}-byte limit"
    )


def test_two_papers_whose_names_give_the_same_url(tmp_path: Path) -> None:
    (tmp_path / "Russia Today.txt").write_bytes(SEED)
    (tmp_path / "russia-today.txt").write_bytes(SEED)
    corpus = load(tmp_path)
    assert [paper.source.name for paper in corpus.papers] == ["Russia Today.txt"]
    assert_one_line(
        only_error(corpus),
        tmp_path / "russia-today.txt",
        "same URL papers/russia-today/ as Russia Today.txt",
        "rename",
    )


def test_file_names_with_spaces_non_ascii_and_dots_get_safe_distinct_urls(tmp_path: Path) -> None:
    names = ["My Paper (2019).txt", "Café Noir.txt", "Россия.txt", "Україна.txt", "a..b.txt"]
    names += ["..txt", "...txt"]
    for name in names:
        (tmp_path / name).write_bytes(SEED)
    corpus = load(tmp_path)
    assert not corpus.errors
    slugs = {paper.source.name: paper.meta.slug for paper in corpus.papers}
    assert slugs["My Paper (2019).txt"] == "my-paper-2019"
    assert slugs["Café Noir.txt"] == "cafe-noir"
    assert slugs["a..b.txt"] == "a-b"
    assert len(set(slugs.values())) == len(names)
    for slug in slugs.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
    assert paper_slug("Россия") == slugs["Россия.txt"], "a slug is stable"
    assert paper_slug("Россия") == paper_slug("Россия".encode().decode()), "NFC and NFD agree"


# -- a reader that fails unexpectedly ----------------------------------------------------------


def crashing_reader(path: Path, meta: PaperMeta) -> Document:
    if path.stem == "crash":
        raise ZeroDivisionError("division by zero\nsecond line of the message")
    return read_source(path, meta)


def test_a_reader_bug_is_one_files_error_not_the_end_of_the_load(tmp_path: Path) -> None:
    (tmp_path / "crash.txt").write_bytes(SEED)
    (tmp_path / "good.txt").write_bytes(SEED)
    corpus = load_corpus(tmp_path, reader=crashing_reader, workers=1)  # as --debug reads
    assert [paper.meta.slug for paper in corpus.papers] == ["good"]
    error = only_error(corpus)
    assert_one_line(error, tmp_path / "crash.txt", "ZeroDivisionError", "bug", "--debug")
    assert isinstance(error.__cause__, ZeroDivisionError), "the traceback is kept for --debug"
    # Read in a worker, the same error, with the worker's traceback as text.
    corpus = load_corpus(tmp_path, reader=crashing_reader, workers=2)
    error = only_error(corpus)
    assert_one_line(error, tmp_path / "crash.txt", "ZeroDivisionError", "bug", "--debug")
    assert "ZeroDivisionError" in str(error.__cause__) and "Traceback" in str(error.__cause__)


def test_an_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    def denied(path: Path, meta: PaperMeta) -> Document:
        raise PermissionError(13, "Permission denied", str(path))

    (tmp_path / "locked.txt").write_bytes(SEED)
    error = only_error(load_corpus(tmp_path, reader=denied))
    assert_one_line(error, tmp_path / "locked.txt", "cannot be read (Permission denied)")


def test_isolated_reader_survives_pickling_for_worker_processes() -> None:
    import pickle

    isolated = pickle.loads(pickle.dumps(Isolated(crashing_reader)))
    with pytest.raises(SourceError, match="ZeroDivisionError"):
        isolated(Path("crash.txt"), PaperMeta(slug="crash", source="crash.txt"))


# -- the command line, as a user runs it -------------------------------------------------------


class _ArticleText(HTMLParser):
    """The visible text inside <article>, the paper itself without the site's navigation."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += self.depth > 0 or tag == "article"

    def handle_endtag(self, tag: str) -> None:
        self.depth -= self.depth > 0 and tag == "article"
        if self.depth:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def assert_page_complete(site: Path, slug: str, source: Path, minimum: float = 0.999) -> None:
    """Nearly every word of the source is on the built page, in order."""
    parser = _ArticleText()
    parser.feed((site / "papers" / slug / "index.html").read_text(encoding="utf-8"))
    page, expected = words("".join(parser.parts)), words(source.read_text(encoding="utf-8"))
    # Running heads and page numbers leave on purpose; they are a few words per page.
    assert _kept(expected, page) / len(expected) >= minimum - 0.02, slug


def write_mixed_corpus(root: Path) -> dict[str, str]:
    """Good papers plus every bad case; returns bad file name -> a fragment of its message."""
    root.mkdir()
    shutil.copy(FIRST_SEED, root / FIRST_SEED.name)
    shutil.copy(FIRST_SEED.with_suffix(".yml"), root / FIRST_SEED.with_suffix(".yml").name)
    (root / "Good Excerpt.txt").write_bytes(SEED)
    bad = {
        "empty.txt": "empty",
        "binary.txt": "binary data",
        "latin.txt": "not UTF-8",
        "badyaml.yml": "YAML does not parse",
        "unknown.yml": "unknown key 'editor'",
        "wrongtype.yml": "key 'year' must be a whole number",
        "orphan.yml": "without a paper",
        "good-excerpt.txt": "same URL",
        "huge.txt": "byte limit",
    }
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "latin.txt").write_bytes("R\u00e9sum\u00e9\n".encode("latin-1"))
    for stem, meta in (
        ("badyaml", "title: [x\n"),
        ("unknown", "editor: me\n"),
        ("wrongtype", "year: 20l8\n"),
    ):
        (root / f"{stem}.txt").write_bytes(SEED)
        (root / f"{stem}.yml").write_text(meta)
    (root / "orphan.yml").write_text("title: Alone\n")
    (root / "good-excerpt.txt").write_bytes(SEED)
    (root / "huge.txt").write_bytes(SEED * 40)
    bad.update(write_bad_pdfs(root))
    return bad


def test_build_of_a_mixed_corpus_names_every_bad_file_once_and_builds_the_rest(
    tmp_path: Path,
) -> None:
    bad = write_mixed_corpus(tmp_path / "corpus")
    limit = str(FIRST_SEED.stat().st_size + 1)  # huge.txt is bigger
    result = run_cli(
        "build", "--corpus", "corpus", "--site-dir", "site", "--max-source-bytes", limit,
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    reported = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    for name, fragment in bad.items():
        lines = [line for line in reported if f"/corpus/{name}:" in line]
        assert len(lines) == 1, (name, reported)
        assert fragment in lines[0], lines[0]
    assert len(reported) == len(bad), reported
    assert f"{len(bad)} files could not be used" in result.stderr
    site = tmp_path / "site"
    assert sorted(p.name for p in (site / "papers").iterdir()) == [
        "good-excerpt",
        "russia-strategic-calculus-south-asia",
    ]
    assert_page_complete(site, "good-excerpt", SECOND_SEED)
    assert_page_complete(site, "russia-strategic-calculus-south-asia", FIRST_SEED)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "This corpus holds 2 papers" in home


def test_check_reports_the_same_errors_and_honours_the_size_limit(tmp_path: Path) -> None:
    bad = write_mixed_corpus(tmp_path / "corpus")
    result = run_cli("check", "--corpus", "corpus", "--max-source-bytes", "1000000", cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(bad) - 1, errors  # huge.txt is under this limit
    assert not any("huge.txt" in line for line in errors)
    assert "Traceback" not in result.stdout + result.stderr


def test_strict_build_of_a_mixed_corpus_fails_and_keeps_the_old_site(tmp_path: Path) -> None:
    write_mixed_corpus(tmp_path / "corpus")
    old = tmp_path / "site"
    old.mkdir()
    (old / "index.html").write_text("the previous site\n")
    result = run_cli("build", "--corpus", "corpus", "--site-dir", "site", "--strict", cwd=tmp_path)
    assert result.returncode == 1
    assert "strict" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in old.iterdir()] == ["index.html"]
    assert (old / "index.html").read_text() == "the previous site\n"
    assert not list(tmp_path.glob(".site-*")), "staging folder left behind"


def _patch_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    import corpus_site.extract.text as text_reader
    import corpus_site.runtime.pool as pool

    # The patch lives in this process: a worker started by forkserver (as it is once another
    # test has left a thread running, Playwright's) would not see it.
    monkeypatch.setattr(pool, "_can_start_workers", lambda reader: False)

    original = text_reader.read_text

    def read_text(path: Path, journal: str | None = None, language: str | None = None) -> Document:
        if path.stem == "crash":
            raise ZeroDivisionError("division by zero")
        return original(path, journal=journal, language=language)

    monkeypatch.setattr(text_reader, "read_text", read_text)


def test_reader_bug_during_a_build_is_one_line_and_a_traceback_only_with_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "crash.txt").write_bytes(SEED)
    (corpus / "good.txt").write_bytes(SEED)
    _patch_reader(monkeypatch)
    build = ["build", "--corpus", str(corpus), "--site-dir", str(tmp_path / "site")]
    assert main(build) == 1
    lines = [r.getMessage() for r in caplog.records if "crash.txt" in r.getMessage()]
    assert len(lines) == 1 and "ZeroDivisionError" in lines[0] and "--debug" in lines[0]
    assert "Traceback" not in caplog.text
    assert (tmp_path / "site" / "papers" / "good" / "index.html").is_file()

    caplog.clear()
    assert main([*build, "--debug"]) == 1
    assert "Traceback" in caplog.text and 'raise ZeroDivisionError("division by zero")' in (
        caplog.text
    )


def test_unexpected_failure_outside_the_readers_is_one_line_unless_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import corpus_site.plugin.plugin

    def broken(*args: object, **kwargs: object) -> dict[str, str]:
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(corpus_site.plugin.plugin, "render_site", broken)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_bytes(SEED)
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.html").write_text("old\n")
    build = ["build", "--corpus", str(corpus), "--site-dir", str(site)]
    assert main(build) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "RuntimeError: renderer exploded" in err, err
    assert [p.name for p in site.iterdir()] == ["keep.html"]
    with pytest.raises(RuntimeError, match="renderer exploded"):
        main([*build, "--debug"])


# -- the topics file ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("topics", "fragment"),
    [
        ("- id: cpec\n  label: [unclosed\n", "topics.yml:3:"),
        ("- id: cpec\n  label: CPEC\n  terms: [CPEC]\n  colour: red\n", "topics.yml:4:"),
        ("- id: cpec\n  label: CPEC\n  regex: ['(']\n", "topics.yml:"),
    ],
)
def test_topics_file_with_errors_is_one_line_naming_its_line(
    tmp_path: Path, topics: str, fragment: str
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_bytes(SEED)
    (corpus / "topics.yml").write_text(topics)
    result = run_cli("build", "--corpus", "corpus", "--site-dir", "site", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    named = [line for line in result.stderr.splitlines() if "topics.yml" in line]
    assert len(named) == 1 and fragment in named[0], result.stderr
