"""Build the generated pages with Zensical instead of MkDocs, from the same `mkdocs.yml`.

MkDocs gets the pages through the `corpus` plugin (`plugin/`). Zensical runs no MkDocs
plugins, so here the pages and the plugin's assets are written to a docs folder first, and
Zensical builds them from a derived copy of the configuration without the `corpus` plugin.
Whatever the configuration asks for that Zensical would silently skip (a plugin, a plugin
option, a Markdown extension, a theme feature, a setting) is logged once, by name.

No MkDocs import here: this module must work where only Zensical is installed.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from corpus_site.anchors.stage import KeptIds, default_ids_dir, keep_corpus_ids, save_records
from corpus_site.corpus import load_corpus
from corpus_site.errors import CorpusError
from corpus_site.mkdocs_yml import Dumper, env_value, extension_names, plugin_entries, read_config
from corpus_site.model import Corpus
from corpus_site.options import PluginOptions
from corpus_site.pages.moved import moved_pages, moved_topic_pages
from corpus_site.pages.paths import SCRIPT, STYLESHEET, paper_path
from corpus_site.runtime.files import write_tree
from corpus_site.site import add_head_tags, citation_meta, render_site, site_files
from corpus_site.topics.config import index_corpus
from corpus_site.topics.published import dropped_topics

log = logging.getLogger("corpus_site.zensical")

ENGINES = ("mkdocs", "zensical")
ZENSICAL_INSTALL = "pip install 'corpus-site[zensical]'"


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# What Zensical 0.0.73 does with an MkDocs configuration (read from its `config.py` and
# templates; tests/test_engines.py checks these tables against the installed Zensical).
# Plugins it reimplements, each with the options it accepts but ignores:
ZENSICAL_PLUGINS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        _names(
            """api-autonav autorefs awesome-nav blog exclude gh-admonitions literate-nav macros
            markdown-exec markdownextradata meta minify mkdocs-audio mkdocs-autoapi
            mkdocs-nav-weight mkdocs-video offline privacy redirects rss social table-reader"""
        ),
        (),
    ),
    "callouts": _names("aliases breakless_lists title_from_first_bold"),
    "glightbox": _names(
        "touchNavigation loop effect slide_effect zoomable draggable background shadow"
    ),
    "include-markdown": _names(
        """trailing_newlines comments rewrite_relative_urls heading_offset order start end
        exclude cache cache_dir recursive"""
    ),
    "llmstxt": _names("preprocess"),
    "mike": _names("css_dir javascript_dir"),
    "mkdocstrings": _names("watch"),
    "search": _names(
        "fields indexing jieba_dict jieba_dict_user lang min_search_length pipeline prebuild_index"
    ),
    "tags": _names(
        """tags_compare tags_compare_reverse tags_pages_compare tags_pages_compare_reverse
        tags_file tags_extra_files export export_file export_only"""
    ),
}
# Material theme features its theme implements (search.suggest, for one, is not among them):
ZENSICAL_FEATURES = frozenset(
    _names(
        """announce.dismiss content.action.copy content.action.edit content.action.view
        content.code.annotate content.code.copy content.code.select content.footnote.tooltips
        content.lazy content.tabs.link content.tooltips header.autohide navigation.expand
        navigation.footer navigation.indexes navigation.instant navigation.instant.prefetch
        navigation.instant.preview navigation.instant.progress navigation.path navigation.prune
        navigation.sections navigation.tabs navigation.tabs.sticky navigation.top
        navigation.tracking search.highlight search.share toc.follow toc.integrate"""
    )
)
# MkDocs settings it reads but does not act on; `validation` maps only anchors and not_found.
ZENSICAL_IGNORED_SETTINGS = ("hooks",)
ZENSICAL_VALIDATION = frozenset({"anchors", "not_found", "links"})
# Zensical's own theme default is "modern"; "classic" keeps Material's look, which the
# stylesheet of corpus-site was written against.
DEFAULT_VARIANT = "classic"


@dataclass(frozen=True)
class EngineBuild:
    """What an engine build produced: the site folder, the corpus and the skipped features."""

    site: Path
    corpus: Corpus
    unsupported: tuple[str, ...] = field(default=())


# -- what Zensical would skip --------------------------------------------------------------


def _importable(extension: str) -> bool:
    # Zensical rewrites Material's extension namespace to its own before importing.
    # A bare name such as `toc` is one of Python-Markdown's own.
    module = extension.replace("material.extensions", "zensical.extensions").split(":")[0]
    for candidate in (module, f"markdown.extensions.{module}"):
        try:
            if importlib.util.find_spec(candidate) is not None:
                return True
        except (ImportError, ValueError):
            continue
    return False


def find_unsupported(config: dict[str, Any]) -> list[str]:
    """Each thing in `config` that Zensical would skip without a word, named once."""
    found: list[str] = []
    for name, options in plugin_entries(config.get("plugins")):
        plain = name.removeprefix("material/").split("/")[0]
        if name == "corpus":
            continue
        if plain not in ZENSICAL_PLUGINS:
            found.append(f"plugin '{name}'")
            continue
        found += [
            f"option '{option}' of plugin '{name}'"
            for option in options
            if option in ZENSICAL_PLUGINS[plain]
        ]
    for extension in extension_names(config.get("markdown_extensions")):
        if not _importable(extension):
            found.append(f"Markdown extension '{extension}'")
    theme = config.get("theme")
    features = theme.get("features", []) if isinstance(theme, dict) else []
    found += [f"theme feature '{f}'" for f in features if f not in ZENSICAL_FEATURES]
    found += [f"setting '{key}'" for key in ZENSICAL_IGNORED_SETTINGS if key in config]
    validation = config.get("validation")
    if isinstance(validation, dict):
        found += [
            f"setting 'validation.{key}'" for key in validation if key not in ZENSICAL_VALIDATION
        ]
    return list(dict.fromkeys(found))


# -- the build -----------------------------------------------------------------------------


def derive_config(
    config: dict[str, Any], config_dir: Path, docs_dir: str, site_dir: str
) -> dict[str, Any]:
    """The configuration Zensical builds with: no `corpus` plugin, the plugin's assets added."""
    derived = dict(config)
    plugins = [
        (name, options)
        for name, options in plugin_entries(config.get("plugins"))
        if name != "corpus"
    ]
    derived["plugins"] = [{name: options} if options else name for name, options in plugins]
    derived["docs_dir"], derived["site_dir"] = docs_dir, site_dir
    extensions = derived.get("markdown_extensions")
    if isinstance(extensions, list):
        derived["markdown_extensions"] = [
            item
            for item, name in zip(extensions, extension_names(extensions), strict=True)
            if _importable(name)
        ]
    for key, entry in (("extra_css", STYLESHEET), ("extra_javascript", SCRIPT)):
        existing = list(derived.get(key) or [])
        derived[key] = existing + ([entry] if entry not in map(str, existing) else [])
    theme = derived.get("theme")
    theme = {"name": theme} if isinstance(theme, str) else dict(theme or {"name": "material"})
    offline = dict(plugins).get("offline", dict(plugins).get("material/offline"))
    if offline is not None and env_value(offline.get("enabled", True)):
        # As the plugin does: pages opened from disk cannot fetch the next page.
        features = theme.get("features") or []
        theme["features"] = [f for f in features if f != "navigation.instant"]
    theme.setdefault("variant", DEFAULT_VARIANT)
    custom_dir = theme.get("custom_dir")
    if isinstance(custom_dir, str):
        theme["custom_dir"] = str((config_dir / custom_dir).resolve())
    derived["theme"] = theme
    return derived


def _corpus_options(
    config: dict[str, Any], config_file: Path, overrides: Mapping[str, Any]
) -> PluginOptions:
    """The `corpus` plugin's options, with the defaults and checks the plugin has."""
    for name, options in plugin_entries(config.get("plugins")):
        if name == "corpus":
            values = {key: env_value(value) for key, value in options.items()}
            return PluginOptions.from_mapping({**values, **overrides}, config_file)
    raise CorpusError(config_file, "the 'corpus' plugin is not enabled in this config")


def write_docs(
    corpus: Corpus,
    docs: Path,
    existing_docs: Path | None,
    kept: KeptIds | None = None,
    ids_dir: Path | None = None,
) -> None:
    """The docs folder Zensical reads: the configured one's files, then the generated ones."""
    if existing_docs is not None and existing_docs.is_dir():
        shutil.copytree(existing_docs, docs, ignore=shutil.ignore_patterns(".*"))
    topics = index_corpus(corpus, ids_dir=ids_dir)
    pages = render_site(corpus, topics)
    files: dict[str, str | Path] = {**site_files(corpus)}
    if kept is not None:
        files.update(moved_pages(kept.redirects, kept.removed))
    if ids_dir is not None and topics.automatic:
        files.update(moved_topic_pages(dropped_topics(ids_dir)))
    for path in [*pages, *files]:
        if (docs / path).exists():
            log.warning(f"{path} in docs_dir is replaced by the generated page")
    write_tree(pages, docs)
    for path, content in files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_text(content, encoding="utf-8", newline="\n")


def add_citation_tags(corpus: Corpus, site: Path, site_url: str | None) -> None:
    """Put each paper's `citation_*` meta tags in its built page, as the plugin does."""
    for paper in corpus.papers:
        meta = citation_meta(paper, site_url)
        page = site / paper_path(paper).removesuffix(".md") / "index.html"
        if not meta or not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        page.write_text(add_head_tags(text, meta), encoding="utf-8")


def build_with_zensical(
    config_file: Path,
    work: Path,
    *,
    corpus_dir: Path | None = None,
    strict: bool = False,
    use_docs_dir: bool = True,
    max_source_bytes: int | None = None,
    options: Mapping[str, Any] | None = None,
) -> EngineBuild:
    """Build the site into `work/site` with Zensical; `work` is an empty scratch folder.

    `corpus_dir` and `max_source_bytes` override the plugin's options of those names;
    `use_docs_dir=False` ignores the configured docs folder (as the CLI does for the packaged
    default configuration).
    """
    if importlib.util.find_spec("zensical") is None:
        raise CorpusError(config_file, f"the zensical engine needs Zensical: {ZENSICAL_INSTALL}")
    config_file = config_file.resolve()
    config = read_config(config_file)
    plugin_options = _corpus_options(config, config_file, overrides=options or {})
    source = corpus_dir or config_file.parent / plugin_options.corpus_dir
    max_bytes = plugin_options.max_source_bytes if max_source_bytes is None else max_source_bytes
    corpus = load_corpus(source.resolve(), max_bytes, limits=plugin_options.limits(), scratch=work)
    ids_dir = (
        config_file.parent / plugin_options.ids_dir
        if plugin_options.ids_dir
        else default_ids_dir(source.resolve())
    )
    kept = keep_corpus_ids(corpus, ids_dir)
    corpus = kept.corpus
    if plugin_options.ids == "frozen" and kept.unlanded():
        lost = ", ".join(kept.unlanded())
        raise CorpusError(config_file, f"ids: frozen, and these ids would no longer land: {lost}")
    save_records(kept, ids_dir)
    for error in corpus.errors:
        log.warning(error.one_line())

    unsupported = find_unsupported(config)
    for item in unsupported:
        log.warning(f"Zensical does not support the {item}; this build goes on without it")

    existing = config_file.parent / str(config.get("docs_dir", "docs"))
    write_docs(corpus, work / "docs", existing if use_docs_dir else None, kept, ids_dir)
    derived = derive_config(config, config_file.parent, "docs", "site")
    derived_file = work / "mkdocs.yml"
    derived_file.write_text(
        yaml.dump(derived, Dumper=Dumper, allow_unicode=True, sort_keys=False), "utf-8"
    )
    command = [sys.executable, "-m", "zensical", "build", "--config-file", str(derived_file)]
    (work / "tmp").mkdir(exist_ok=True)  # its temporary files, removed with the scratch
    result = subprocess.run(
        [*command, *(["--strict"] if strict else [])],
        cwd=work,
        env={**os.environ, "TMPDIR": str(work / "tmp")},
        capture_output=True,
        text=True,
        check=False,
    )
    sys.stderr.write(result.stdout + result.stderr)
    if result.returncode != 0:
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no message"]
        raise CorpusError(config_file, f"zensical build failed: {last[0]}")
    if strict and (unsupported or corpus.errors):
        count = len(unsupported) + len(corpus.errors)
        raise CorpusError(config_file, f"aborted with {count} warning(s) in strict mode")
    site_url = config.get("site_url")
    add_citation_tags(corpus, work / "site", site_url if isinstance(site_url, str) else None)
    return EngineBuild(site=work / "site", corpus=corpus, unsupported=tuple(unsupported))
