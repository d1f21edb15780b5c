"""The `corpus` plugin's hooks: feed the generated pages into `mkdocs build` and `serve`.

Each hook hands its work to the core (`corpus.load_corpus`, `site.render_site`, `search/`,
`fidelity/`) and keeps only MkDocs' side of it. A build's scratch is looked after here too:
the folder the generated pages wait in, the worker measuring them and the child making the
search records, none of which outlives the build.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from corpus_site.anchors.stage import default_ids_dir, keep_corpus_ids, save_records
from corpus_site.corpus import load_corpus
from corpus_site.errors import BuildFailed, CorpusError
from corpus_site.fidelity.measure import Fidelity, measurable, threshold
from corpus_site.fidelity.worker import PageMeasures
from corpus_site.model import Corpus, Paper
from corpus_site.options import PluginOptions
from corpus_site.pages.moved import moved_pages, moved_topic_pages
from corpus_site.pages.paths import (
    OFFLINE_WORKER,
    SCRIPT,
    SEARCH_PAGE,
    SEARCH_SCRIPT,
    SEARCH_SCRIPT_RESOURCE,
    STYLESHEET,
    paper_path,
    topic_path,
)
from corpus_site.plugin.config import CorpusConfig, plugin_options
from corpus_site.runtime.cache import DEFAULT_CACHE_DIR, DocumentCache
from corpus_site.runtime.files import describe_os_error, replace_file, write_tree
from corpus_site.runtime.progress import ExtractionProgress
from corpus_site.runtime.scratch import make_scratch
from corpus_site.search.child import RecordsChild
from corpus_site.search.header import add_search_link
from corpus_site.search.pagefind import INSTALL_HINT as PAGEFIND_HINT
from corpus_site.search.pagefind import (
    index_site,
    mark_paper_page,
    pagefind_available,
    search_page_markdown,
)
from corpus_site.search.records import search_plugin_records, write_index
from corpus_site.site import add_head_tags, citation_meta, render_site, site_files
from corpus_site.topics.config import index_corpus
from corpus_site.topics.index import TopicIndex
from corpus_site.topics.published import dropped_topics

log = get_plugin_logger(__name__)


class CorpusPlugin(BasePlugin[CorpusConfig]):
    """Registered as `corpus` under the `mkdocs.plugins` entry point."""

    def __init__(self) -> None:
        super().__init__()
        self.options = PluginOptions()
        self.corpus: Corpus | None = None
        self.topics: TopicIndex | None = None
        self.cache: DocumentCache | None = None
        self.measures: PageMeasures | None = None
        self.scratch: Path | None = None  # this build's, beside the site folder
        self.pages_dir: Path | None = None
        self.records_child: RecordsChild | None = None
        self.built_pages: set[str] = set()  # the paper and topic pages MkDocs built
        self.topic_pages: set[str] = set()
        self.papers_by_page: dict[str, Paper] = {}
        self.head_meta: dict[str, str] = {}
        self.page_urls: dict[str, str] = {}
        self.search_url = "search/"
        # Set by `plugin.build.build_site`: its caller prints corpus and disk errors itself.
        self.report_errors_raw = False

    def corpus_path(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").parent
        return (base / self.options.corpus_dir).resolve()

    def ids_path(self, config: MkDocsConfig) -> Path:
        """Where the id records live: `ids_dir` (relative to mkdocs.yml), else the corpus's
        `.ids/` folder."""
        if self.options.ids_dir:
            return Path(config.config_file_path or ".").resolve().parent / self.options.ids_dir
        return default_ids_dir(self.corpus_path(config))

    def cache_path(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        if self.options.cache_dir:
            return base / self.options.cache_dir
        if base == Path(str(resources.files("corpus_site.resources"))).resolve():
            base = self.corpus_path(config).parent  # never write into the installed package
        return base / DEFAULT_CACHE_DIR

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.options = plugin_options(self.config)
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
        if self.options.search_backend == "pagefind":
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
        try:
            return self._add_pages(files, config)
        except (CorpusError, OSError) as error:
            if self.report_errors_raw:  # `corpus-site build` reports them itself
                raise
            # Plain `mkdocs build`: one line (a malformed topics.yml, a full disk), as the CLI
            # would print it, not a traceback.
            line = error.one_line() if isinstance(error, CorpusError) else describe_os_error(error)
            raise PluginError(line) from error

    def _add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        self.cleanup()  # what an interrupted build (under `mkdocs serve`) may have left
        self.scratch = make_scratch(Path(config.site_dir))
        self.cache = DocumentCache(self.cache_path(config)) if self.options.cache else None
        self.corpus = load_corpus(
            self.corpus_path(config),
            self.options.max_source_bytes,
            cache=self.cache,
            workers=self.options.workers,
            progress=ExtractionProgress(log),
            limits=self.options.limits(),
            scratch=self.scratch,
        )
        # Every published id kept (anchors/): before any page, search record or topic quote.
        kept = keep_corpus_ids(self.corpus, self.ids_path(config))
        self.corpus = kept.corpus
        if self.options.ids == "frozen" and kept.unlanded():
            lost = ", ".join(kept.unlanded())
            raise PluginError(
                f"ids: frozen, and these published ids would no longer land on their "
                f"passage: {lost}; restore the passages, or set ids: record"
            )
        save_records(kept, self.ids_path(config))
        for error in self.corpus.errors:
            log.warning(error.one_line())
            if error.__cause__ is not None:  # a reader's bug: its traceback, for --debug / -v
                log.debug(f"{error.path}: the traceback", exc_info=error.__cause__)
        self.papers_by_page = {paper_path(paper): paper for paper in self.corpus.papers}
        self.built_pages = set()
        self.measures = PageMeasures(self.cache, background=self.options.workers != 1)
        self.topics = index_corpus(self.corpus, self.cache, self.ids_path(config))
        self.topic_pages = {topic_path(t.id) for t in self.topics.topics} if self.topics else set()
        pages = render_site(self.corpus, self.topics, self.cache)
        # The pages wait on disk, as a docs folder's would: MkDocs keeps only what it read of
        # them, not a second copy of every page for the whole build. (In the scratch folder
        # beside the site: a system temporary folder may live in memory, which this spares.)
        self.pages_dir = self.scratch / "pages"
        write_tree(pages, self.pages_dir)
        paths = list(pages)
        del pages  # freed before the search records' child is forked: it need not share them
        generated: dict[str, str | Path] = {
            **{path: self.pages_dir / path for path in paths},
            **site_files(self.corpus),
            **moved_pages(kept.redirects, kept.removed),
            **(
                moved_topic_pages(dropped_topics(self.ids_path(config)))
                if self.topics.automatic
                else {}
            ),
        }
        if self.options.search_backend == "pagefind":
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
            # Made beside MkDocs' own work when forking is safe: see search/child.py.
            self.records_child = RecordsChild(
                self.corpus, self.page_urls, self.topics, self.pages_dir
            )
            search = config.plugins.get("material/search") or config.plugins.get("search")
            if search is not None and search.config.get("enabled", True):
                self.records_child.start()
        if self.options.search_backend == "pagefind":
            self.search_url = files.get_file_from_path(SEARCH_PAGE).url  # type: ignore[union-attr]
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Tell the search plugin to skip the paper and topic pages whose records
        `on_post_build` makes from the Documents and the topic index (parsing their HTML
        again would be a fifth of the build, and most of a topic page quotes passages)."""
        path = page.file.src_uri
        if path in self.papers_by_page or path in self.topic_pages:
            self.built_pages.add(path)  # not excluded by exclude_docs, drafts…
            if self.passage_records:
                page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return markdown

    @property
    def passage_records(self) -> bool:
        return self.options.passage_search and self.options.search_backend == "material"

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Measure a paper's page on the HTML MkDocs made of it (see `report_fidelity`)."""
        paper = self.papers_by_page.get(page.file.src_uri)
        if (
            paper is not None
            and self.measures is not None
            and measurable(paper)
            and self._minimum(paper) > 0
        ):
            self.measures.add(paper, html)
        return html

    def report_fidelity(self) -> None:
        """A warning for each paper whose words do not all reach its page, in order."""
        if self.measures is None:
            return
        for paper, outcome in self.measures.results():
            minimum = self._minimum(paper)
            if not isinstance(outcome, Fidelity):  # the measure must never stop a build
                log.warning(f"{paper.source}: the share of words kept could not be measured")
                log.debug(f"{paper.source}: the traceback", exc_info=outcome)
            elif outcome.share < minimum:
                unit = "letters" if paper.document.source_text else "words"
                log.warning(
                    f"{paper.source}: only {outcome.share:.2%} of the source's {unit} reach the "
                    f"page in order (minimum {minimum:.1%}); `corpus-site check` shows more"
                )
        self.measures = None

    def _minimum(self, paper: Paper) -> float:
        return threshold(paper, self.options.min_fidelity, self.options.min_fidelity_pdf)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Add Highwire Press `citation_*` tags so reference managers recognise a paper."""
        if self.options.search_backend == "pagefind":
            output = add_search_link(output, get_relative_url(self.search_url, page.url))
            if page.file.src_uri in self.head_meta:  # a paper: Pagefind indexes its article
                output = mark_paper_page(output)
        return add_head_tags(output, self.head_meta.get(page.file.src_uri, ""))

    @event_priority(-50)  # after the search plugin writes the index, before offline inlines it
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Report the pages' fidelity; give every paragraph and list item of a paper its own
        search record, or index the site with Pagefind."""
        self.report_fidelity()
        try:
            if self.options.search_backend == "pagefind":
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
        # `on_files` made `records_child` whenever the passages have records of their own.
        if self.records_child is None or self.corpus is None or not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        built = {page: url for page, url in self.page_urls.items() if page in self.built_pages}
        docs: Iterator[dict[str, Any] | str] = chain(
            search_plugin_records(index, self.corpus, built, self.topics),
            self.records_child.lines(set(built.values())),
        )
        # Written record by record: the index of a thousand papers is never one string.
        replace_file(path, lambda stream: write_index(index, docs, stream))

    def on_build_error(self, *, error: Exception) -> None:
        self.cleanup()

    def on_shutdown(self) -> None:
        self.cleanup()

    def cleanup(self) -> None:
        """No measuring worker, records child or scratch folder outlives a build, finished
        or not."""
        if self.measures is not None:
            self.measures.close()
            self.measures = None
        if self.records_child is not None:
            self.records_child.close()
            self.records_child = None
        self.remove_scratch()

    def remove_pages_dir(self) -> None:
        if self.pages_dir is not None:
            shutil.rmtree(self.pages_dir, ignore_errors=True)
            self.pages_dir = None

    def remove_scratch(self) -> None:
        self.remove_pages_dir()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # Its papers only (the corpus is not read recursively): the id records a build writes
        # into `.ids/` must not start another build.
        server.watch(str(self.corpus_path(config)), recursive=False)
        return server
