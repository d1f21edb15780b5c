"""Zero broken internal links: crawl every built HTML page and resolve every href, src and anchor.

MkDocs' own `validation` (anchors included, `--strict`) checks the Markdown links; this crawl
checks what a reader actually clicks, theme and generated navigation included.
"""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from corpus_site.cli import main
from tests.conftest import CORPUS, SECOND_SEED
from tests.sitefixtures import bundled_site  # noqa: F401  (fixture)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag in {"a"} else ("id",):
            if values.get(name):
                self.ids.add(str(values[name]))
        for name in ("href", "src"):
            url = values.get(name)
            if url is not None and not (tag == "link" and values.get("rel") == "preconnect"):
                self.links.append((tag, url))


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Every internal link of the site that leads nowhere, as 'page: url (why)'."""
    pages = {path: _parse(path) for path in sorted(site.rglob("*.html"))}
    broken: list[str] = []
    for page, parsed in pages.items():
        for tag, url in parsed.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "data:")):
                continue
            path = unquote(parts.path)
            # 404.html links from the server root, since it is served for any path.
            base = site if path.startswith("/") else page.parent
            target = (base / path.lstrip("/")).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(site)}: <{tag}> {url}"
            if not target.is_file():
                broken.append(f"{where} (no such file)")
                continue
            if not target.is_relative_to(site.resolve()):
                broken.append(f"{where} (outside the site)")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if fragment not in ids:
                    broken.append(f"{where} (no id {fragment!r})")
    return broken


def _build(corpus: Path | None, site: Path, cwd: Path) -> None:
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        args = ["build", "--strict", "--site-dir", str(site)]
        assert main(args + (["--corpus", str(corpus)] if corpus else [])) == 0
    finally:
        os.chdir(previous)


@pytest.mark.slow
def test_bundled_site_has_no_broken_internal_link_or_anchor(bundled_site: Path) -> None:  # noqa: F811
    pages = list(bundled_site.rglob("*.html"))
    links = sum(len(_parse(page).links) for page in pages)
    assert len(pages) >= 5 and links > 500
    assert broken_links(bundled_site) == []


@pytest.mark.slow
def test_site_of_awkward_file_names_has_no_broken_link(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("My Paper (2019).txt", "Россия.txt", "a..b.txt", "Café.txt"):
        (corpus / name).write_bytes(SECOND_SEED.read_bytes())
    shutil.copy(CORPUS / "topics.yml", corpus / "topics.yml")
    site = tmp_path / "site"
    _build(corpus, site, tmp_path)
    assert len(list((site / "papers").iterdir())) == 4
    assert broken_links(site) == []


def test_the_crawler_finds_a_broken_link_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<p id="top"><a href="a/">ok</a> <a href="#top">ok</a> <a href="https://x.org/">ext</a>'
        '<a href="a/#nowhere">bad anchor</a> <a href="b/">bad page</a> <img src="x.png"></p>'
    )
    (tmp_path / "a" / "index.html").write_text('<a href="../index.html#top">ok</a>')
    assert broken_links(tmp_path) == [
        "index.html: <a> a/#nowhere (no id 'nowhere')",
        "index.html: <a> b/ (no such file)",
        "index.html: <img> x.png (no such file)",
    ]
