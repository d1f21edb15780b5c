"""`mkdocs build` as the CLI runs it: a configuration file in, a built site folder out."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from corpus_site.errors import BuildFailed, CorpusError
from corpus_site.model import Corpus
from corpus_site.plugin.config import plugin_options
from corpus_site.plugin.plugin import CorpusPlugin
from corpus_site.search.pagefind import INSTALL_HINT as PAGEFIND_HINT
from corpus_site.search.pagefind import pagefind_available


def build_site(
    config_file: Path,
    site_dir: Path,
    *,
    strict: bool = False,
    docs_dir: Path | None = None,
    corpus_dir: Path | None = None,
    max_source_bytes: int | None = None,
    workers: int | None = None,
    options: Mapping[str, Any] | None = None,
) -> Corpus | None:
    """`mkdocs build` with `config_file` into `site_dir`; the corpus the plugin loaded.

    The other arguments override the configuration (`corpus_dir`, `max_source_bytes`,
    `workers` and `options` those of the `corpus` plugin). Raises BuildFailed when MkDocs
    stops, and CorpusError when the configuration does not enable the plugin.
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
        for name, value in (options or {}).items():
            plugin.config[name] = value
        plugin.options = plugin_options(plugin.config)  # on_config reads them again
        plugin.report_errors_raw = True
        if plugin.options.search_backend == "pagefind" and not pagefind_available():
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
