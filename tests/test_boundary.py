"""The corpus folder is a boundary, and no file in it can abort, exhaust or leak a build.

Each test builds a corpus in `tmp_path`: the first seed (its `.txt` and `.yml`) as the good
paper, plus the bad file. The good paper still loads (or builds), the bad file is exactly one
line, `file[:line]: what is wrong; what to do`, and nothing from outside the corpus folder
reaches the site: no PDF copied into `site/pdfs/`, no text in the search index, no YAML tag run.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from corpus_site.cli import main
from corpus_site.corpus import load_corpus
from corpus_site.errors import CorpusError, MetadataError, SourceError
from corpus_site.ids import MAX_SLUG_LENGTH, paper_slug
from corpus_site.metadata import load_meta, read_meta
from corpus_site.model import Corpus, Document, Paper, PaperMeta
from corpus_site.pages.paths import pdf_source
from corpus_site.runtime.limits import Limits
from tests.conftest import SECOND_SEED, first_seed

GOOD = "russia-strategic-calculus-south-asia"
OTHER = SECOND_SEED.read_bytes()  # the text of a second paper, under the bad file's name
# The text of every file outside the corpus: it must never appear in a built site.
CANARY = "outsidecanary7f3a"
LINK_OUT = (
    "is a symbolic link to a file outside the corpus folder; copy the file into the corpus "
    "folder instead of linking to it"
)
PDF_OUT = "is outside the corpus folder; put the PDF in the corpus folder and give its name there"
TAG = "is not allowed in metadata; remove it (quote the value if it is text)"
OVER = "shorten it or raise max_metadata_chars (or --max-metadata-chars)"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return first_seed(tmp_path / "corpus")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the corpus with a paper, a metadata file and a PDF in it."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"Secret\n\nThe word {CANARY} is outside the corpus.\n")
    (folder / "secret.yml").write_text(f"title: {CANARY}\n")
    (folder / "secret.pdf").write_bytes(b"%PDF-1.4\n% " + CANARY.encode() + b"\n%%EOF\n")
    return folder


def one_error(root: Path, max_metadata_chars: int | None = None) -> tuple[Corpus, CorpusError]:
    """The corpus at `root`: the good paper loaded (and only it), and its one error."""
    limits = Limits() if max_metadata_chars is None else Limits(metadata_chars=max_metadata_chars)
    corpus = load_corpus(root, limits=limits)
    assert [paper.meta.slug for paper in corpus.papers] == [GOOD]
    assert len(corpus.errors) == 1, [error.one_line() for error in corpus.errors]
    line = corpus.errors[0].one_line()
    assert "\n" not in line
    return corpus, corpus.errors[0]


def build(root: Path, site: Path, caplog: pytest.LogCaptureFixture, code: int = 1) -> list[str]:
    """`corpus-site build` of `root`; the warnings it logged (one per file not used)."""
    with caplog.at_level(logging.WARNING):
        assert main(["build", "--corpus", str(root), "--site-dir", str(site)]) == code
    assert (site / "papers" / GOOD / "index.html").is_file(), "the good paper is built"
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    return [message.removeprefix("corpus_site: ") for message in logged]


def site_bytes(site: Path) -> list[tuple[Path, bytes]]:
    return [(path, path.read_bytes()) for path in sorted(site.rglob("*")) if path.is_file()]


def bad_paper(root: Path, meta: str, name: str = "bad") -> Path:
    """A second paper `name.txt` with the metadata `meta`; returns its `.yml`."""
    (root / f"{name}.txt").write_bytes(OTHER)
    path = root / f"{name}.yml"
    path.write_text(meta, encoding="utf-8")
    return path


# -- symbolic links --------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/etc/passwd", "../outside/secret.txt", "chain", "dir"])
def test_a_source_linked_outside_the_corpus_is_refused_unread(
    corpus: Path, outside: Path, target: str
) -> None:
    if target == "/etc/passwd" and not Path(target).is_file():
        pytest.skip("no /etc/passwd here")
    link = corpus / "paper.txt"
    if target == "chain":  # a link to a link in the corpus that leads out
        (corpus / "hop.md").symlink_to(outside / "secret.txt")
        link.symlink_to("hop.md")
    elif target == "dir":  # through a folder of the corpus that is a link out
        (corpus / "shared").symlink_to(outside, target_is_directory=True)
        link.symlink_to("shared/secret.txt")
    else:
        link.symlink_to(target)
    # Each job of the load gives a paper or an error: the link's error, and no paper of it,
    # mean it was never handed to a reader.
    _, error = one_error(corpus)
    assert isinstance(error, SourceError)
    assert error.one_line() == f"{link}: {LINK_OUT}"


def test_a_metadata_file_linked_outside_is_refused_and_its_paper_not_published(
    corpus: Path, outside: Path
) -> None:
    (corpus / "other.txt").write_bytes(OTHER)
    (corpus / "other.yml").symlink_to(outside / "secret.yml")
    _, error = one_error(corpus)
    assert isinstance(error, MetadataError)
    assert error.one_line() == f"{corpus / 'other.yml'}: {LINK_OUT}"


def test_links_that_stay_inside_the_corpus_are_followed(corpus: Path) -> None:
    (corpus / "meta").mkdir()
    (corpus / "meta" / "alias.yml").write_text("title: Through a link\n")
    (corpus / "alias.txt").symlink_to(f"{GOOD}.txt")
    (corpus / "alias.yml").symlink_to("meta/alias.yml")
    loaded = load_corpus(corpus)
    assert not loaded.errors
    papers = {paper.meta.slug: paper for paper in loaded.papers}
    assert sorted(papers) == ["alias", GOOD]
    assert papers["alias"].meta.title == "Through a link"
    assert papers["alias"].document == papers[GOOD].document


@pytest.mark.parametrize(
    ("name", "target", "message"),
    [
        (
            "gone.txt",
            "missing.txt",
            "is a symbolic link to a file that does not exist; fix the link or remove it",
        ),
        ("loop.txt", "loop.txt", "is a loop of symbolic links; replace it with the file itself"),
        (
            f"{GOOD}-broken.yml",
            "nowhere.yml",
            "metadata file without a paper (no .txt or .pdf of the same name); rename it to "
            "match its paper, or remove it",
        ),
    ],
)
def test_a_broken_link_is_one_line_not_silence(
    corpus: Path, name: str, target: str, message: str
) -> None:
    (corpus / name).symlink_to(target)
    _, error = one_error(corpus)
    assert error.one_line() == f"{corpus / name}: {message}"


def test_a_broken_metadata_link_is_refused_not_ignored(corpus: Path) -> None:
    (corpus / "other.txt").write_bytes(OTHER)
    (corpus / "other.yml").symlink_to("missing.yml")
    _, error = one_error(corpus)
    assert error.one_line() == (
        f"{corpus / 'other.yml'}: is a symbolic link to a file that does not exist; "
        "fix the link or remove it"
    )


# -- pdf: in a paper's .yml ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["../outside/secret.pdf", "ABSOLUTE", "originals/link.pdf"])
def test_a_pdf_outside_the_corpus_is_refused_at_its_line(
    corpus: Path, outside: Path, value: str
) -> None:
    if value == "ABSOLUTE":
        value = str(outside / "secret.pdf")
    (corpus / "originals").mkdir()
    (corpus / "originals" / "link.pdf").symlink_to(outside / "secret.pdf")
    path = bad_paper(corpus, f"title: Bad\nlanguage: en\npdf: '{value}'\n")
    _, error = one_error(corpus)
    assert isinstance(error, MetadataError)
    assert error.one_line() == f"{path}:3: pdf '{value}' {PDF_OUT}"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("originals/missing.pdf", "is not in the corpus folder; fix the name or remove the key"),
        ("originals/notes.md", "is not a .pdf file; name the original PDF"),
        ("originals", "is not a .pdf file; name the original PDF"),
        ('"nul\\0.pdf"', "is not a file name; name the PDF file"),
        ("originals/loop.pdf", "is a loop of symbolic links; name the PDF file itself"),
    ],
)
def test_a_pdf_that_is_missing_or_no_pdf_is_an_error_at_load_time(
    corpus: Path, value: str, message: str
) -> None:
    (corpus / "originals").mkdir()
    (corpus / "originals" / "notes.md").write_text("notes\n")
    (corpus / "originals" / "loop.pdf").symlink_to("loop.pdf")
    path = bad_paper(corpus, f"pdf: {value}\n")
    _, error = one_error(corpus)
    shown = "nul\\x00.pdf" if value.startswith('"') else value
    assert error.one_line() == f"{path}:1: pdf '{shown}' {message}"


def test_pdf_source_never_returns_a_file_outside_the_papers_folder(
    corpus: Path, outside: Path
) -> None:
    """A Paper made without `read_meta` (a plugin, a test) cannot publish an outside PDF."""
    (corpus / "originals").mkdir()
    (corpus / "originals" / "mine.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (corpus / "originals" / "link.pdf").symlink_to(outside / "secret.pdf")
    document = Document(printed_title=None, sections=())

    def source_of(pdf: str) -> Path | None:
        meta = PaperMeta(slug="x", source="x.txt", pdf=pdf)
        return pdf_source(Paper(meta, document, corpus / "x.txt"))

    assert source_of("originals/mine.pdf") == (corpus / "originals" / "mine.pdf").resolve()
    for pdf in ("../outside/secret.pdf", str(outside / "secret.pdf"), "originals/link.pdf"):
        assert source_of(pdf) is None, pdf


def test_build_publishes_no_file_from_outside_the_corpus(
    corpus: Path, outside: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (corpus / "originals").mkdir()
    (corpus / "originals" / "original.pdf").write_bytes(b"%PDF-1.4\n% the good one\n%%EOF\n")
    with (corpus / f"{GOOD}.yml").open("a") as meta:
        meta.write("pdf: originals/original.pdf\n")
    (corpus / "secret.txt").symlink_to(outside / "secret.txt")
    passwd = Path("/etc/passwd")
    if passwd.is_file():
        (corpus / "passwd.txt").symlink_to(passwd)
    (corpus / "other.txt").write_bytes(OTHER)
    (corpus / "other.yml").symlink_to(outside / "secret.yml")
    bad = bad_paper(corpus, "pdf: ../outside/secret.pdf\n")
    site = tmp_path / "site"
    warnings = build(corpus, site, caplog)
    expected = [
        f"{bad}:1: pdf '../outside/secret.pdf' {PDF_OUT}",
        f"{corpus / 'other.yml'}: {LINK_OUT}",
        *([f"{corpus / 'passwd.txt'}: {LINK_OUT}"] if passwd.is_file() else []),
        f"{corpus / 'secret.txt'}: {LINK_OUT}",
    ]
    assert warnings == expected
    assert sorted(p.name for p in (site / "papers").iterdir()) == [GOOD]
    assert sorted(p.name for p in (site / "pdfs").iterdir()) == [f"{GOOD}.pdf"]
    assert (site / "pdfs" / f"{GOOD}.pdf").read_bytes().endswith(b"the good one\n%%EOF\n")
    for path, data in site_bytes(site):
        assert CANARY.encode() not in data, path
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    if passwd.is_file():
        for line in passwd.read_text(errors="replace").splitlines()[:3]:
            assert line not in index


# -- YAML tags ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "line", "tag"),
    [
        (
            'title: !!python/object/apply:os.system ["touch {marker}"]\n',
            1,
            "!!python/object/apply:os.system",
        ),
        ("title: !!python/name:os.system\n", 1, "!!python/name:os.system"),
        ("title: !foo Some title\n", 1, "!foo"),
        ("title: Fine\nkeywords:\n  - one\n  - !foo two\n", 4, "!foo"),
        ("title: Fine\n!foo journal: J\n", 2, "!foo"),
        ("--- !foo\ntitle: Fine\n", 1, "!foo"),
        ("author: someone\ntitle: !<tag:example.com,2026:x> Fine\n", 2, "tag:example.com,2026:x"),
    ],
)
def test_a_yaml_tag_is_that_files_error_and_nothing_runs(
    corpus: Path, tmp_path: Path, meta: str, line: int, tag: str
) -> None:
    marker = tmp_path / "executed"
    path = bad_paper(corpus, meta.replace("{marker}", str(marker)))
    _, error = one_error(corpus)
    assert isinstance(error, MetadataError)
    assert error.one_line() == f"{path}:{line}: YAML tag {tag} {TAG}"
    assert not marker.exists()


def test_the_core_yaml_tags_are_still_accepted(corpus: Path) -> None:
    bad_paper(corpus, "volume: !!str 38\ntitle: !!str Tagged\ncomplete: !!bool true\n")
    papers = {paper.meta.slug: paper.meta for paper in load_corpus(corpus).papers}
    assert (papers["bad"].volume, papers["bad"].title) == ("38", "Tagged")


def test_build_with_a_yaml_tag_names_the_file_and_runs_nothing(
    corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    marker = tmp_path / "executed"
    path = bad_paper(corpus, f'title: !!python/object/apply:os.system ["touch {marker}"]\n')
    warnings = build(corpus, tmp_path / "site", caplog)
    assert warnings == [f"{path}:1: YAML tag !!python/object/apply:os.system {TAG}"]
    assert not marker.exists()
    assert "bug" not in caplog.text


# -- file names ----------------------------------------------------------------------------------


def test_slugs_that_fit_are_unchanged_and_longer_ones_are_cut_with_a_hash() -> None:
    """Every name whose slug is at most 251 characters (every ASCII name: a file name has 255
    bytes) keeps today's URL. A longer one grows under NFKD ("㎉" -> "kcal"): it is cut and
    ends with a hash of the name, so that two long names still differ."""
    assert MAX_SLUG_LENGTH == 251  # `pdfs/<slug>.pdf` is 255 bytes
    assert paper_slug("a" * 251) == "a" * 251
    assert paper_slug("a" * 252) == "a" * 242 + "-" + paper_slug("a" * 252)[-8:]
    assert paper_slug("My Paper (2019)") == "my-paper-2019"
    long = paper_slug("㎉" * 83)  # 249 bytes of name, 332 letters of slug
    assert len(long) <= MAX_SLUG_LENGTH and long.startswith("kcal" * 60)
    assert long == paper_slug("㎉" * 83), "stable"
    assert long != paper_slug("㎉" * 82 + "x")
    assert long.rsplit("-", 1)[1] == paper_slug("㎉" * 83)[-8:]
    for stem in ("㎉" * 83, "½-" * 83, "a-" * 125 + "b"):
        slug = paper_slug(stem)
        assert len(slug) <= MAX_SLUG_LENGTH and not slug.startswith("-"), slug
        assert "--" not in slug, slug


def test_a_name_whose_slug_grows_and_a_reserved_name_build(
    corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    long_stem = "㎉" * 83
    (corpus / f"{long_stem}.txt").write_bytes(OTHER)
    (corpus / "index.txt").write_bytes(OTHER)
    site = tmp_path / "site"
    assert build(corpus, site, caplog, code=0) == []
    assert paper_slug("index") == "index-paper"
    papers = sorted(p.name for p in (site / "papers").iterdir())
    assert papers == sorted([GOOD, "index-paper", paper_slug(long_stem)])
    assert all((site / "papers" / name / "index.html").is_file() for name in papers)
    assert not (site / "papers" / "index.html").exists(), "papers/ is no paper's URL"


def test_a_name_that_would_take_the_reserved_slug_is_a_clash_not_a_loss(corpus: Path) -> None:
    (corpus / "index.txt").write_bytes(OTHER)
    (corpus / "Index Paper.txt").write_bytes(OTHER)
    loaded = load_corpus(corpus)
    assert sorted(paper.meta.slug for paper in loaded.papers) == sorted([GOOD, "index-paper"])
    assert [error.one_line() for error in loaded.errors] == [
        f"{corpus / 'index.txt'}: gives the same URL papers/index-paper/ as Index Paper.txt; "
        "rename one of them"
    ]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("new\nline.txt", "new\\nline.txt"),
        ("tab\there\r.txt", "tab\\there\\r.txt"),
        ("\x1b[31mred.txt", "\\x1b[31mred.txt"),
        ("right\u202eto-left.txt", "right\\u202eto-left.txt"),
        ("line\u2028sep.txt", "line\\u2028sep.txt"),
        (os.fsdecode(b"caf\xe9.txt"), "caf\\xe9.txt"),
    ],
)
def test_a_file_name_with_control_characters_is_shown_escaped_on_one_line(
    corpus: Path, name: str, shown: str
) -> None:
    (corpus / name).write_bytes(b"")
    _, error = one_error(corpus)
    line = error.one_line()
    assert line == f"{corpus}/{shown}: the file is empty; add the paper's text or remove the file"
    line.encode("utf-8")  # printable: no lone surrogate left for an encoder to refuse


def test_printable_names_and_messages_are_shown_as_they_are() -> None:
    error = CorpusError("corpus/Café Noir (2019) ½.txt", "a  message\nover lines", 3, 4)
    assert error.one_line() == "corpus/Café Noir (2019) ½.txt:3:4: a message over lines"


def test_a_name_that_is_not_utf8_gets_a_hashed_url(corpus: Path) -> None:
    """It used to stop the whole load: the hash of a name encoded it as strict UTF-8."""
    (corpus / os.fsdecode(b"\xff\xfe.txt")).write_bytes(OTHER)
    loaded = load_corpus(corpus)
    assert not loaded.errors
    slugs = sorted(paper.meta.slug for paper in loaded.papers)
    assert slugs[0].startswith("paper-") and slugs[1] == GOOD


# -- metadata strings over the limit -----------------------------------------------------------


def test_a_title_over_the_limit_is_one_line_at_its_line(corpus: Path) -> None:
    path = bad_paper(corpus, 'language: en\ntitle: "' + "x" * 10_485_760 + '"\n')
    _, error = one_error(corpus)
    assert error.one_line() == (
        f"{path}:2: key 'title' is 10,485,760 characters, over the 2,000-character limit; {OVER}"
    )


@pytest.mark.parametrize(
    ("meta", "line", "what"),
    [
        ("authors:\n  - A. Author\n  - " + "b" * 2001 + "\n", 3, "an item of 'authors'"),
        ("keywords: [one, " + "k" * 2001 + "]\n", 1, "an item of 'keywords'"),
        ("note: |\n" + "  line of a note\n" * 200, 1, "key 'note'"),
        ("year: " + "9" * 2001 + "\n", 1, "key 'year'"),
    ],
    ids=["authors", "keywords", "note", "year"],
)
def test_every_string_and_list_item_has_the_limit(
    corpus: Path, meta: str, line: int, what: str
) -> None:
    path = bad_paper(corpus, meta)
    _, error = one_error(corpus)
    assert error.line == line
    assert error.one_line().startswith(f"{path}:{line}: {what} is ")
    assert error.one_line().endswith(f"characters, over the 2,000-character limit; {OVER}")


def test_the_limit_is_a_keyword_of_every_loader(corpus: Path, tmp_path: Path) -> None:
    """The seed's longest string is its title, 87 characters: a limit of 100 keeps it."""
    title = "t" * 101
    path = bad_paper(corpus, f"title: {title}\nauthors: [{'a' * 100}]\n")
    assert read_meta(path, "bad", "bad.txt").title == title
    assert read_meta(path, "bad", "bad.txt", max_metadata_chars=101).title == title
    with pytest.raises(MetadataError, match="'title' is 101 characters, over the 100-character"):
        read_meta(path, "bad", "bad.txt", max_metadata_chars=100)
    with pytest.raises(MetadataError, match="over the 100-character"):
        load_meta(corpus / "bad.txt", "bad", max_metadata_chars=100)
    _, error = one_error(corpus, max_metadata_chars=100)
    assert error.one_line() == (
        f"{path}:1: key 'title' is 101 characters, over the 100-character limit; {OVER}"
    )
    assert [paper.meta.slug for paper in load_corpus(corpus).papers] == ["bad", GOOD]


@pytest.mark.parametrize(
    ("meta", "limit", "expected"),
    [
        ("? " + "x" * 5000 + "\n: 1\n", 2000, "unknown key '" + "x" * 59 + "…' (allowed: authors,"),
        ("year: 2018-13-45\n", 2000, "key 'year' must be a whole number"),
        ("year: " + "9" * 5000 + "\n", 10_000, "key 'year' must be a whole number"),
    ],
    ids=["long-key", "bad-date", "huge-number"],
)
def test_metadata_that_used_to_stop_the_load_or_flood_the_log(
    corpus: Path, meta: str, limit: int, expected: str
) -> None:
    path = bad_paper(corpus, meta)
    _, error = one_error(corpus, max_metadata_chars=limit)
    assert error.one_line().startswith(f"{path}:1: {expected}")
    assert len(error.one_line()) < 400
