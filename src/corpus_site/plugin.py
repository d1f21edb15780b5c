"""MkDocs glue, and nothing else: feed the generated pages into `mkdocs build` and `serve`.

Every MkDocs-specific line of corpus-site lives here, so the core stays usable with any
MkDocs-compatible builder (see `site.render_site`).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from corpus_site.corpus import DEFAULT_MAX_BYTES, Corpus, load_corpus
from corpus_site.site import render_site

log = get_plugin_logger(__name__)
STYLESHEET = "assets/corpus-site.css"


class CorpusConfig(Config):
    corpus_dir = options.Type(str, default="corpus")
    """The folder holding the papers, relative to mkdocs.yml (or absolute)."""

    max_source_bytes = options.Type(int, default=DEFAULT_MAX_BYTES)
    """A source file larger than this is refused, so one huge file cannot stall a build."""


class CorpusPlugin(BasePlugin[CorpusConfig]):
    """Registered as `corpus` under the `mkdocs.plugins` entry point."""

    corpus: Corpus | None = None

    def corpus_path(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").parent
        return (base / self.config.corpus_dir).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.corpus = load_corpus(self.corpus_path(config), self.config.max_source_bytes)
        for error in self.corpus.errors:
            log.warning(error.one_line())
        pages = render_site(self.corpus)
        stylesheet = resources.files("corpus_site.resources").joinpath("corpus-site.css")
        pages_and_assets: dict[str, str] = {**pages, STYLESHEET: stylesheet.read_text("utf-8")}
        for path, text in pages_and_assets.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning(f"{path} in docs_dir is replaced by the generated page")
                files.remove(existing)
            files.append(File.generated(config, path, content=text))
        return files

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self.corpus_path(config)))
        return server
