"""MkDocs glue, and nothing else: feed the generated pages into `mkdocs build` and `serve`.

Every MkDocs-specific line of corpus-site lives here, so the core stays usable with any
MkDocs-compatible builder (see `site.render_site`). A build's scratch is looked after here
too: the folder the generated pages wait in, and the worker measuring them (page_measures),
neither of which outlives the build.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any, TextIO

from mkdocs.commands.build import build
from mkdocs.config import config_options as options
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from corpus_site.cache import DEFAULT_CACHE_DIR, DocumentCache
from corpus_site.corpus import DEFAULT_MAX_BYTES, Corpus, Paper, load_corpus
from corpus_site.errors import BuildFailed, CorpusError
from corpus_site.fidelity import FIDELITY_THRESHOLD, Fidelity, measurable
from corpus_site.page_measures import PageMeasures
from corpus_site.pagefind import INSTALL_HINT as PAGEFIND_HINT
from corpus_site.pagefind import (
    SEARCH_PAGE,
    SEARCH_SCRIPT,
    SEARCH_SCRIPT_RESOURCE,
    index_site,
    mark_paper_page,
    pagefind_available,
    search_page_markdown,
)
from corpus_site.progress import ExtractionProgress
from corpus_site.search_index import other_records, write_index
from corpus_site.search_job import OwnRecords
from corpus_site.site import (
    ASSETS,  # noqa: F401  (tests check that both engines publish the same assets)
    OFFLINE_WORKER,
    SCRIPT,
    STYLESHEET,
    citation_meta,
    paper_path,
    render_site,
    site_files,
    write_tree,
)
from corpus_site.topic_pages import topic_path
from corpus_site.topics import TopicIndex, index_corpus

log = get_plugin_logger(__name__)


class CorpusConfig(Config):
    corpus_dir = options.Type(str, default="corpus")
    """The folder holding the papers, relative to mkdocs.yml (or absolute)."""

    max_source_bytes = options.Type(int, default=DEFAULT_MAX_BYTES)
    """A source file larger than this is refused, so one huge file cannot stall a build."""

    cache = options.Type(bool, default=True)
    """Keep what the readers extracted between builds, keyed by file content (see cache.py)."""

    cache_dir = options.Optional(options.Type(str))
    """Where the cache lives, relative to mkdocs.yml; by default `.cache/corpus-site` beside
    mkdocs.yml, or beside the corpus folder when the build uses the packaged config."""

    workers = options.Optional(options.Type(int))
    """Processes extracting papers in parallel; by default one per core (1 turns it off)."""

    passage_search = options.Type(bool, default=True)
    """Index the paper pages by passage: one search record per paragraph, list item and note,
    made from the Documents (the search plugin is told to skip those pages)."""

    min_fidelity = options.Type(float, default=FIDELITY_THRESHOLD)
    """Warn (so `--strict` fails) when a paper keeps a smaller share of its words; 0 skips it."""

    search_backend = options.Choice(("material", "pagefind"), default="material")
    """`material`: Material's search, one index of the whole corpus fetched before the first
    result. `pagefind` (for large corpora; `pip install 'corpus-site[pagefind]'`): Pagefind
    indexes the built paper pages after the build and a query fetches only the index chunks
    it needs; Material's search box gives way to a search page (`search/`) linked from the
    header, whose results land on the paragraph too (see pagefind.py)."""


class CorpusPlugin(BasePlugin[CorpusConfig]):
    """Registered as `corpus` under the `mkdocs.plugins` entry point."""

    corpus: Corpus | None = None
    topics: TopicIndex | None = None
    cache: DocumentCache | None = None
    measures: PageMeasures | None = None
    pages_dir: Path | None = None
    own_records: OwnRecords | None = None
    built_pages: set[str]  # the paper and topic pages MkDocs built
    topic_pages: set[str]
    papers_by_page: dict[str, Paper]
    head_meta: dict[str, str]
    page_urls: dict[str, str]
    search_url: str = "search/"

    def corpus_path(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").parent
        return (base / self.config.corpus_dir).resolve()

    def cache_path(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        if self.config.cache_dir:
            return base / self.config.cache_dir
        if base == Path(str(resources.files("corpus_site.resources"))).resolve():
            base = self.corpus_path(config).parent  # never write into the installed package
        return base / DEFAULT_CACHE_DIR

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        offline = config.plugins.get("material/offline")
        if offline is not None and offline.config.get("enabled"):
            # Pages opened from disk cannot fetch the next page, so instant loading must go.
            features = config.theme.get("features", [])
            config.theme["features"] = [f for f in features if f != "navigation.instant"]
            # Our own frame-based worker instead of the shim the offline plugin would load
            # from the network: an offline copy must not need it.
            polyfills = [
                str(p) for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)
            ]
            config.extra["polyfills"] = [*polyfills, OFFLINE_WORKER]
        if self.config.search_backend == "pagefind":
            self.use_pagefind(config)
        return config

    def use_pagefind(self, config: MkDocsConfig) -> None:
        """Turn Material's search (box and index) off and load the Pagefind search page's script."""
        if not pagefind_available():
            raise PluginError(f"search_backend 'pagefind' needs Pagefind: {PAGEFIND_HINT}")
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None and "enabled" in search.config:
            search.config["enabled"] = False
        if SEARCH_SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SEARCH_SCRIPT)
        offline = config.plugins.get("material/offline")
        if offline is not None and offline.config.get("enabled"):
            log.warning("Pagefind's search needs a web server: it does not work opened from disk")

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.cleanup()  # what an interrupted build (under `mkdocs serve`) may have left
        self.cache = DocumentCache(self.cache_path(config)) if self.config.cache else None
        self.corpus = load_corpus(
            self.corpus_path(config),
            self.config.max_source_bytes,
            cache=self.cache,
            workers=self.config.workers,
            progress=ExtractionProgress(log),
        )
        for error in self.corpus.errors:
            log.warning(error.one_line())
            if error.__cause__ is not None:  # a reader's bug: its traceback, for --debug / -v
                log.debug(f"{error.path}: the traceback", exc_info=error.__cause__)
        self.papers_by_page = {paper_path(paper): paper for paper in self.corpus.papers}
        self.built_pages = set()
        self.measures = PageMeasures(self.cache, background=self.config.workers != 1)
        self.topics = index_corpus(self.corpus, self.cache)
        self.topic_pages = {topic_path(t.id) for t in self.topics.topics} if self.topics else set()
        pages = render_site(self.corpus, self.topics, self.cache)
        # The pages wait on disk, as a docs folder's would: MkDocs keeps only what it read of
        # them, not a second copy of every page for the whole build.
        self.pages_dir = make_pages_dir(self.cache_path(config).parent)
        write_tree(pages, self.pages_dir)
        paths = list(pages)
        del pages  # freed before the search records' child is forked: it need not share them
        generated: dict[str, str | Path] = {
            **{path: self.pages_dir / path for path in paths},
            **site_files(self.corpus),
        }
        if self.config.search_backend == "pagefind":
            package = resources.files("corpus_site.resources")
            generated[SEARCH_PAGE] = search_page_markdown()
            generated[SEARCH_SCRIPT] = package.joinpath(SEARCH_SCRIPT_RESOURCE).read_text("utf-8")
        self.head_meta = {
            paper_path(paper): citation_meta(paper, config.site_url) for paper in self.corpus.papers
        }
        for path, content in generated.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning(f"{path} in docs_dir is replaced by the generated page")
                files.remove(existing)
            if isinstance(content, Path):
                files.append(File.generated(config, path, abs_src_path=str(content)))
            else:
                files.append(File.generated(config, path, content=content))
        self.page_urls = {path: files.get_file_from_path(path).url for path in paths}  # type: ignore[union-attr]
        if self.passage_records:
            # Made beside MkDocs' own work when forking is safe: see search_job.
            self.own_records = OwnRecords(self.corpus, self.page_urls, self.topics, self.pages_dir)
            search = config.plugins.get("material/search") or config.plugins.get("search")
            if search is not None and search.config.get("enabled", True):
                self.own_records.start()
        if self.config.search_backend == "pagefind":
            self.search_url = files.get_file_from_path(SEARCH_PAGE).url  # type: ignore[union-attr]
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Tell the search plugin to skip the paper and topic pages whose records
        `on_post_build` makes from the Documents and the topic index (parsing their HTML
        again would be a fifth of the build, and most of a topic page quotes passages)."""
        path = page.file.src_uri
        if path in getattr(self, "papers_by_page", {}) or path in getattr(self, "topic_pages", ()):
            self.built_pages.add(path)  # not excluded by exclude_docs, drafts…
            if self.passage_records:
                page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return markdown

    @property
    def passage_records(self) -> bool:
        return self.config.passage_search and self.config.search_backend == "material"

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Measure a paper's page on the HTML MkDocs made of it (see `report_fidelity`)."""
        paper = getattr(self, "papers_by_page", {}).get(page.file.src_uri)
        measuring = self.measures is not None and self.config.min_fidelity > 0
        if paper is not None and measuring and measurable(paper):
            self.measures.add(paper, html)  # type: ignore[union-attr]
        return html

    def report_fidelity(self) -> None:
        """A warning for each paper whose words do not all reach its page, in order."""
        if self.measures is None:
            return
        minimum = self.config.min_fidelity
        for paper, outcome in self.measures.results():
            if not isinstance(outcome, Fidelity):  # the measure must never stop a build
                log.warning(f"{paper.source}: the share of words kept could not be measured")
                log.debug(f"{paper.source}: the traceback", exc_info=outcome)
            elif outcome.share < minimum:
                log.warning(
                    f"{paper.source}: only {outcome.share:.2%} of the source's words reach the "
                    f"page in order (minimum {minimum:.1%}); `corpus-site check` shows more"
                )
        self.measures = None

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Add Highwire Press `citation_*` tags so reference managers recognise a paper."""
        head_meta = getattr(self, "head_meta", {})
        meta = head_meta.get(page.file.src_uri)
        if self.config.search_backend == "pagefind":
            output = add_search_link(output, get_relative_url(self.search_url, page.url))
            if page.file.src_uri in head_meta:  # a paper: Pagefind indexes its article
                output = mark_paper_page(output)
        if not meta:
            return output
        return output.replace("</head>", meta + "</head>", 1)

    @event_priority(-50)  # after the search plugin writes the index, before offline inlines it
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Report the pages' fidelity; give every paragraph and list item of a paper its own
        search record, or index the site with Pagefind."""
        self.report_fidelity()
        try:
            if self.config.search_backend == "pagefind":
                self.remove_pages_dir()
                try:
                    index_site(Path(config.site_dir))
                except BuildFailed as error:
                    raise PluginError(str(error)) from error
                return
            self.write_search_index(Path(config.site_dir) / "search" / "search_index.json")
        finally:
            self.cleanup()

    def write_search_index(self, path: Path) -> None:
        """The search plugin's index with the paper and topic pages' own records."""
        # `on_files` made `own_records` whenever the passages have records of their own.
        if self.own_records is None or self.corpus is None or not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        built = {page: url for page, url in self.page_urls.items() if page in self.built_pages}
        docs: Iterator[dict[str, Any] | str] = chain(
            other_records(index, self.corpus, built, self.topics),
            self.own_records.lines(set(built.values())),
        )
        # Written record by record: the index of a thousand papers is never one string.
        replace_file(path, lambda stream: write_index(index, docs, stream))

    def on_build_error(self, *, error: Exception) -> None:
        self.cleanup()

    def on_shutdown(self) -> None:
        self.cleanup()

    def cleanup(self) -> None:
        """No measuring worker, records child or pages folder outlives a build, finished or
        not."""
        if self.measures is not None:
            self.measures.close()
            self.measures = None
        if self.own_records is not None:
            self.own_records.close()
            self.own_records = None
        self.remove_pages_dir()

    def remove_pages_dir(self) -> None:
        if self.pages_dir is not None:
            shutil.rmtree(self.pages_dir, ignore_errors=True)
            self.pages_dir = None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self.corpus_path(config)))
        return server


def make_pages_dir(parent: Path) -> Path:
    """A fresh folder for the generated pages, beside the cache (a system temporary folder
    may live in memory, which is what writing the pages out is meant to spare)."""
    try:
        parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".pages-", dir=parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix="corpus-site-pages-"))


def replace_file(path: Path, write: Callable[[TextIO], None]) -> None:
    """Rewrite `path` through a temporary file beside it, keeping its permissions; if
    writing fails, the old file stays and the temporary one goes."""
    mode = path.stat().st_mode & 0o777
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            write(stream)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


_HEADER_END = re.compile(r"(<header\b.*?)(</nav>)", re.DOTALL)


def add_search_link(html: str, href: str) -> str:
    """A magnifier in Material's header, where its search box was, linking to the search page."""
    icon = _search_icon()
    link = (
        f'<a class="md-header__button md-icon corpus-search-link" href="{href}" '
        f'title="Search" aria-label="Search">{icon}</a>\n  '
    )
    return _HEADER_END.sub(lambda m: m.group(1) + link + m.group(2), html, count=1)


@functools.cache
def _search_icon() -> str:
    """Material's own magnifier icon (the one its search button uses), or a word without it."""
    try:
        icon = resources.files("material").joinpath("templates/.icons/material/magnify.svg")
        return icon.read_text("utf-8").strip()
    except (ModuleNotFoundError, OSError):
        return "Search"


def build_site(
    config_file: Path,
    site_dir: Path,
    *,
    strict: bool = False,
    docs_dir: Path | None = None,
    corpus_dir: Path | None = None,
    max_source_bytes: int | None = None,
    workers: int | None = None,
) -> Corpus | None:
    """`mkdocs build` with `config_file` into `site_dir`; the corpus the plugin loaded.

    The other arguments override the configuration (`corpus_dir`, `max_source_bytes` and
    `workers` those of the `corpus` plugin). Raises BuildFailed when MkDocs stops, and
    CorpusError when the configuration does not enable the plugin.
    """
    overrides: dict[str, Any] = {"site_dir": str(site_dir), "strict": strict}
    if docs_dir is not None:
        overrides["docs_dir"] = str(docs_dir)
    try:
        config = load_config(config_file=str(config_file), **overrides)
        plugin = config.plugins.get("corpus")
        if not isinstance(plugin, CorpusPlugin):
            raise CorpusError(config_file, "the 'corpus' plugin is not enabled in this config")
        if corpus_dir is not None:
            plugin.config.corpus_dir = str(corpus_dir)
        if max_source_bytes is not None:
            plugin.config.max_source_bytes = max_source_bytes
        if workers is not None:
            plugin.config.workers = workers
        if plugin.config.search_backend == "pagefind" and not pagefind_available():
            raise BuildFailed(f"search_backend 'pagefind' needs Pagefind: {PAGEFIND_HINT}")
        with source_date_epoch(plugin.corpus_path(config)):
            try:
                build(config)
            finally:  # an interrupted build leaves no worker or pages folder behind
                plugin.cleanup()
    except MkDocsException as error:
        raise BuildFailed(str(error)) from error
    return plugin.corpus


@contextlib.contextmanager
def source_date_epoch(corpus_dir: Path) -> Iterator[None]:
    """Date the build by the newest corpus file unless SOURCE_DATE_EPOCH is set.

    MkDocs dates the sitemap (`lastmod`, and the mtime inside sitemap.xml.gz) by the clock; with
    SOURCE_DATE_EPOCH they follow the corpus, so two builds of one corpus are byte-identical.
    """
    if os.environ.get("SOURCE_DATE_EPOCH") or not corpus_dir.is_dir():
        yield
        return
    times = [path.stat().st_mtime for path in corpus_dir.iterdir() if path.is_file()]
    os.environ["SOURCE_DATE_EPOCH"] = str(int(max(times, default=0)))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
