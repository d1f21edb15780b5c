"""Hostile text renders literally and safely: text is data, never markup, template or a file.

Two layers. A property test pushes random printable text through the whole Markdown pipeline
(document -> `render_document` -> Python-Markdown with the site's extensions, and again with the
pymdownx extensions a user might add) and checks that the reader sees exactly what was typed.
Then real sites are built, strictly, from papers and metadata full of markup, and their HTML is
inspected for anything that escaped: tags, event handlers, `javascript:` links, included files.
"""

from __future__ import annotations

import functools
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown as python_markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corpus_site.cli import main
from corpus_site.fidelity.measure import EXTENSIONS
from corpus_site.model import (
    Document,
    Footnote,
    FootnoteRef,
    ListBlock,
    ListItem,
    PaperMeta,
    Paragraph,
    Section,
    Text,
)
from corpus_site.pages.markdown import render_document

# What a user might add to mkdocs.yml; escaping must hold with these on too. `smartsymbols` and
# `betterem`-style typography are left out: turning "(c)" into "©" is what a user asks them for.
USER_EXTENSIONS = [
    *EXTENSIONS,
    "pymdownx.mark",
    "pymdownx.tilde",
    "pymdownx.caret",
    "pymdownx.emoji",
    "pymdownx.snippets",
    "pymdownx.details",
    "pymdownx.magiclink",
    "pymdownx.keys",
    "pymdownx.arithmatex",
    "pymdownx.critic",
    "pymdownx.inlinehilite",
    "pymdownx.superfences",
    "pymdownx.tasklist",
    "pymdownx.tabbed",
    "def_list",
    "tables",
    "md_in_html",
]

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<b onclick=alert(1)>bold</b>",
    "[click](javascript:alert(1))",
    "<javascript:alert(1)>",
    "{{ config.site_name }}",
    "{% include 'x' %}",
    "a sentence with ///Footnotes Go Here/// in it",  # the footnotes extension's marker
    "# heading",
    "## heading {: #id }",
    "> quote",
    "- item",
    "* item",
    "+ item",
    "1. one",
    "2) two",
    "{: #id .cls }",
    "{ #id }",
    "[^1]",
    "[^1]: a note",
    '--8<-- "secret.txt"',
    "--8<-- secret.txt",
    "-8<- secret.txt",
    ";--8<-- secret.txt",
    "!!! note",
    '??? warning "x"',
    "===",
    "---",
    "***",
    "==mark==",
    "~~del~~",
    "~sub~",
    "^^ins^^",
    "^sup^",
    ":smile:",
    ":fontawesome-brands-github:",
    "&amp;",
    "&copy;",
    "&#60;",
    "&#x3C;",
    "++ctrl+alt+del++",
    "`code`",
    "```",
    "~~~",
    "$x^2$",
    "\\(x\\)",
    "\\[x\\]",
    "$$",
    "{++add++}",
    "{--del--}",
    "{~~a~>b~~}",
    "| a | b |",
    "*[HTML]: HyperText",
    "[ ] task",
    "<!-- comment -->",
    "<![CDATA[x]]>",
    "<?php echo 1; ?>",
    "</p></div>",
    "\\",
    "\\*",
    "*em* _em_ **strong** __strong__",
    "[link](http://example.com)",
    "[ref][1]",
    "![img](x.png)",
    "<https://example.com>",
    "https://example.com/a_b*c*?q=1&amp;r=2",
    "http://example.com/\\*x",
    "www.example.com",
    "user@example.com",
    "@user",
    "#123",
    "    indented",
    "\tTab",
    "a  ",
    "\u00a0lead",
    "Term\n: definition",
    "line\n# heading",
    "\r\n> quote",
    "///",
    "/// note",
    '===! "Tab"',
]

PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"))
PIECE = st.one_of(st.sampled_from(HOSTILE), st.text(PRINTABLE, max_size=12))
HOSTILE_TEXT = st.lists(PIECE, min_size=1, max_size=6).map(" ".join).filter(lambda t: t.strip())

PLACEHOLDER = "Placeholderword"
# A folder holding files named like the snippets in HOSTILE, each with a word that must never show.
SNIPPETS_BASE = Path(__file__).parent / "hostile_snippets"
SECRET = "SECRETWORD"


INLINE_TAGS = {"a", "em", "strong", "sup", "sub", "span", "code", "mark", "del", "ins", "kbd"}


class _Visible(HTMLParser):
    """Text a reader sees outside code blocks, and every tag and attribute, from HTML.

    Code blocks (the citation formats) show text verbatim in another notation, e.g. BibTeX's
    escaped braces; they are literal by construction and left out of the comparison.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._pre += tag == "pre"
        if tag in {"br", "hr", "img", "input"}:
            self.text.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if not self._pre:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._pre -= tag == "pre" and self._pre > 0
        if tag not in INLINE_TAGS:
            self.text.append(" ")


def collapse(text: str) -> str:
    return " ".join(text.split())


@functools.cache
def _converter(extensions: tuple[str, ...]) -> python_markdown.Markdown:
    configs: dict[str, dict[str, Any]] = {}
    if "pymdownx.snippets" in extensions:
        # Snippets may read files under the corpus folder; hostile text must never reach one.
        configs["pymdownx.snippets"] = {"base_path": [str(SNIPPETS_BASE)], "check_paths": False}
    return python_markdown.Markdown(extensions=list(extensions), extension_configs=configs)


def render_html(page: str, extensions: list[str]) -> str:
    converter = _converter(tuple(extensions))
    converter.reset()
    return converter.convert(page)


def split_front_matter(page: str) -> tuple[str, str]:
    """(front matter, body) as MkDocs splits a page; the body is what Markdown renders."""
    match = re.match(r"---\n(.*?)\n---\n", page, re.DOTALL)
    assert match, page
    return match.group(1), page[match.end() :]


def visible(page: str, extensions: list[str]) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """The page's visible text (whitespace not collapsed yet) and its tags."""
    parser = _Visible()
    parser.feed(render_html(split_front_matter(page)[1], extensions))
    return "".join(parser.text), parser.tags


def _document(slot: str, value: str) -> tuple[Document, PaperMeta]:
    """A document with every slot filled by a word, and `slot` filled by `value`."""

    def fill(name: str) -> str:
        return value if name == slot else f"{name}word"

    item = ListItem(label=fill("label"), id="s-i1", inlines=(Text(fill("item")),))
    section = Section(
        heading=fill("heading"),
        id="s",
        level=2,
        blocks=(
            Paragraph(id="s-p1", inlines=(Text(fill("body")), FootnoteRef("1"), Text(" end"))),
            ListBlock(style="arabic", items=(item,)),
        ),
    )
    document = Document(
        printed_title=fill("title"),
        sections=(section,),
        footnotes=(Footnote("1", (Text(fill("note")),)),),
        author_notes=(fill("author_note"),),
    )
    meta = PaperMeta(
        slug="p",
        source="p.txt",
        authors=(fill("author"),),
        journal=fill("journal"),
        pages=fill("pages"),
    )
    return document, meta


SLOTS = ["title", "heading", "body", "label", "item", "note", "author_note", "author", "journal"]


@functools.cache
def _expected_page(slot: str, extensions: tuple[str, ...]) -> str:
    page, _ = visible(render_document(*_document(slot, PLACEHOLDER)), list(extensions))
    assert page.count(PLACEHOLDER) >= 1, slot
    return page


def assert_literal(value: str, extensions: list[str]) -> None:
    for slot in SLOTS:
        expected_page = _expected_page(slot, tuple(extensions))
        page = render_document(*_document(slot, value))
        seen, tags = visible(page, extensions)
        expected = expected_page.replace(PLACEHOLDER, value)
        assert collapse(seen) == collapse(expected), f"slot {slot!r}:\n{page}"
        assert SECRET not in seen
        _assert_no_markup_escaped(tags, page)


def _assert_no_markup_escaped(tags: list[tuple[str, dict[str, Any]]], page: str) -> None:
    for tag, attrs in tags:
        assert tag not in {"script", "img", "iframe", "b", "object", "embed"}, page
        assert not any(name.startswith("on") for name in attrs), page
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith("javascript"), page


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("extensions", [EXTENSIONS, USER_EXTENSIONS], ids=["site", "user"])
def test_each_hostile_string_renders_literally_in_every_slot(
    value: str, extensions: list[str]
) -> None:
    assert_literal(value, extensions)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_TEXT)
@example("&amp; [^1] ==x== ~~y~~ :smile: {{ a }}")
@example("0#")  # a heading dropped a trailing "#" as its closing sequence
def test_random_text_reaches_the_page_as_typed(value: str) -> None:
    assert_literal(value, USER_EXTENSIONS)


# -- real sites ------------------------------------------------------------------------------

HOSTILE_TITLE = "</title><script>alert('t')</script> {{ config.site_name }} &amp; #"
HOSTILE_AUTHORS = ["<img src=x onerror=alert(1)>", "[^1] ==A==", 'O\'Brien "Q"']
HOSTILE_JOURNAL = "{% raw %} :smile: ~~J~~ $x$"
HOSTILE_LABEL = "<b onclick=alert(1)>Topic</b> {{ x }} [^2] :+1:"
SITE_NAME = "Hostile site"  # the editor's own config; not paper data


def _one_line_hostile() -> list[str]:
    return [h for h in HOSTILE if "\n" not in h and "\r" not in h and h.strip()]


def write_hostile_corpus(root: Path) -> None:
    """A paper whose every paragraph, and every metadata field, holds hostile text; a topics
    file with a hostile label; and a mkdocs.yml that turns on the pymdownx extensions."""
    corpus = root / "corpus"
    corpus.mkdir()
    (root / "docs").mkdir()
    snippets = root / "snippets"
    snippets.mkdir()
    for name in ("secret.txt", "x"):
        (snippets / name).write_text(f"{SECRET} in {name}\n")
    paragraphs = [f"{text} is written here as text." for text in _one_line_hostile()]
    (corpus / "hostile.txt").write_text("Introduction\n\n" + "\n \n".join(paragraphs) + "\n")
    meta = {
        "title": HOSTILE_TITLE,
        "authors": HOSTILE_AUTHORS,
        "journal": HOSTILE_JOURNAL,
        "pages": "1--8<--2",
        "keywords": ["<b>k</b>", "{: #x }"],
    }
    (corpus / "hostile.yml").write_text(json.dumps(meta))  # JSON is YAML
    topics = [
        {
            "id": "written",
            "label": HOSTILE_LABEL,
            "description": "{{ d }} <u>d</u>",
            "terms": ["written"],
        }
    ]
    (corpus / "topics.yml").write_text(json.dumps(topics))
    extensions = [e for e in USER_EXTENSIONS if e not in {"pymdownx.snippets", "toc"}]
    config = {
        "site_name": SITE_NAME,
        "docs_dir": "../docs",
        "theme": {"name": "material"},
        "plugins": ["search", {"corpus": {"corpus_dir": "."}}],
        "markdown_extensions": [
            {"toc": {"permalink": True}},
            *extensions,
            {"pymdownx.snippets": {"base_path": [str(snippets)], "check_paths": False}},
        ],
        "validation": {"links": {"anchors": "warn"}},
    }
    (corpus / "mkdocs.yml").write_text(json.dumps(config))


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.scripts: list[str] = []
        self.article: list[str] = []
        self.text: list[str] = []  # everything visible, navigation included
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in {"meta", "link", "br", "hr", "img", "input"}:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open.pop() != tag:
                pass
        if "article" in self._open and tag not in INLINE_TAGS:
            self.article.append(" ")

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] == "title":
            self.title += data
        if self._open and self._open[-1] == "script":
            self.scripts.append(data)
        if "article" in self._open and "pre" not in self._open:
            self.article.append(data)
        if not {"script", "style", "title"} & set(self._open):
            self.text.append(data)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    write_hostile_corpus(root)
    site = root / "site"
    code = main(["build", "--corpus", str(root / "corpus"), "--site-dir", str(site), "--strict"])
    assert code == 0
    return site


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_hostile_site_runs_nothing_and_includes_no_file(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 4
    for path in pages:
        page = _parse(path)
        for tag, attrs in page.tags:
            assert not [name for name in attrs if name.startswith("on")], (path, tag, attrs)
            for name in ("href", "src", "action", "formaction"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith(("javascript", "data:text")), (path, tag, attrs)
            assert tag not in {"iframe", "object", "embed", "b", "u", "i"}, (path, tag, attrs)
            if tag == "img":
                assert "emoji" in (attrs.get("class") or "") or "twemoji" in str(attrs), attrs
        assert not any("alert" in script for script in page.scripts), path
    for path in hostile_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".js"}:
            assert SECRET not in path.read_text(encoding="utf-8", errors="replace"), path


def test_hostile_paragraphs_render_as_typed(hostile_site: Path) -> None:
    page = _parse(hostile_site / "papers" / "hostile" / "index.html")
    article = collapse("".join(page.article))
    for text in _one_line_hostile():
        assert f"{collapse(text)} is written here as text." in article, text


def test_hostile_metadata_renders_as_typed(hostile_site: Path) -> None:
    page = _parse(hostile_site / "papers" / "hostile" / "index.html")
    assert page.title == f"{HOSTILE_TITLE} - {SITE_NAME}"
    article = collapse("".join(page.article))
    assert collapse(HOSTILE_TITLE) in article
    assert ", ".join(HOSTILE_AUTHORS) in article
    assert HOSTILE_JOURNAL in article and "pp. 1--8<--2" in article
    home = collapse("".join(_parse(hostile_site / "index.html").article))
    assert collapse(HOSTILE_TITLE) in home and HOSTILE_JOURNAL in home


def test_hostile_topic_label_renders_as_typed(hostile_site: Path) -> None:
    topic = hostile_site / "topics" / "written" / "index.html"
    page = _parse(topic)
    assert page.title == f"{HOSTILE_LABEL} - {SITE_NAME}"
    assert HOSTILE_LABEL in collapse("".join(page.article))
    paper = collapse("".join(_parse(hostile_site / "papers" / "hostile" / "index.html").text))
    assert HOSTILE_LABEL in paper, "the navigation shows the label as typed"
