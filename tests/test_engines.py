"""Both engines build the bundled corpus into sites that carry the same things.

The Zensical half is skipped only where Zensical is not installed (`.[zensical]`).
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from corpus_site import mkdocs_yml, zensical
from corpus_site.cli import main
from corpus_site.corpus import load_corpus
from corpus_site.pages.paths import ASSETS
from corpus_site.site import render_site
from tests.conftest import CORPUS, REPO

HAS_ZENSICAL = importlib.util.find_spec("zensical") is not None
needs_zensical = pytest.mark.skipif(not HAS_ZENSICAL, reason="pip install '.[zensical]'")
FIRST = "russia-strategic-calculus-south-asia"
SECOND = "pakistan-russia-convergence-excerpt"
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")
# Where each engine writes its search index.
SEARCH_INDEX = {"mkdocs": "search/search_index.json", "zensical": "search.json"}


def _build(engine: str, site: Path, *extra: str) -> int:
    cwd = Path.cwd()
    try:
        os.chdir(REPO)
        return main(["build", "--engine", engine, "--site-dir", str(site), *extra])
    finally:
        os.chdir(cwd)


@pytest.fixture(
    scope="module",
    params=["mkdocs", pytest.param("zensical", marks=needs_zensical)],
)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    engine: str = request.param
    site = tmp_path_factory.mktemp(engine) / "site"
    strict = ("--strict",) if engine == "mkdocs" else ()
    assert _build(engine, site, *strict) == 0
    return engine, site


def _html(site: Path, slug: str) -> str:
    return (site / "papers" / slug / "index.html").read_text(encoding="utf-8")


def expected_pages() -> list[str]:
    """Each page `render_site` makes for the bundled corpus, as its built HTML path."""
    pages = render_site(load_corpus(CORPUS))
    paths = []
    for page in pages:
        stem = page.removesuffix(".md")
        paths.append(
            "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"
        )
    return paths


@pytest.mark.slow
def test_every_generated_page_is_built(built: Any) -> None:
    _, site = built
    missing = [path for path in expected_pages() if not (site / path).is_file()]
    assert missing == []
    if (CORPUS / "topics.yml").exists() and any(p.startswith("topics/") for p in expected_pages()):
        assert (site / "topics").is_dir()


@pytest.mark.slow
def test_paper_titles(built: Any) -> None:
    _, site = built
    first = _html(site, FIRST)
    assert re.search(
        r"<h1[^>]*>Russia’s Strategic Calculus in South Asia and Pakistan’s Role", first
    )
    assert "the source prints no title" in _html(site, SECOND)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="papers/{FIRST}/"' in home and f'href="papers/{SECOND}/"' in home


@pytest.mark.slow
def test_footnote_references_and_bodies(built: Any) -> None:
    _, site = built
    first = _html(site, FIRST)
    assert len(re.findall(r'class="footnote-ref"', first)) == 19
    bodies = dict(re.findall(r'<li id="fn:(\d+)">(.*?)</li>', first, re.S))
    assert sorted(map(int, bodies)) == list(range(1, 20))
    assert "Concept of the Foreign Policy of the Russian Federation" in bodies["7"]
    assert 'href="http://www.mid.ru/en/foreign_policy/official_documents/' in bodies["7"]


@pytest.mark.slow
def test_recommendation_anchors_and_page_markers(built: Any) -> None:
    _, site = built
    first = _html(site, FIRST)
    for numeral in ROMAN:
        assert f'id="policy-recommendations-{numeral}"' in first
    for marker in ("page-34", "page-38"):
        assert f'id="{marker}"' in first


@pytest.mark.slow
def test_assets_and_search_index(built: Any) -> None:
    engine, site = built
    first = _html(site, FIRST)
    for asset in ASSETS:
        assert (site / asset).is_file()
        assert asset in first
    index = json.loads((site / SEARCH_INDEX[engine]).read_text(encoding="utf-8"))
    text = json.dumps(index, ensure_ascii=False)
    assert "Russia’s Strategic Calculus in South Asia" in text
    assert "Afghan Peace Process" in text


# -- the Zensical path in detail -----------------------------------------------------------


@needs_zensical
@pytest.mark.slow
def test_zensical_names_each_unsupported_feature_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="corpus_site.zensical")
    assert _build("zensical", tmp_path / "site") == 0
    warnings = [r.getMessage() for r in caplog.records if r.name == "corpus_site.zensical"]
    assert sum("theme feature 'search.suggest'" in w for w in warnings) == 1
    assert len(warnings) == len(set(warnings))
    # --strict turns the same warnings into a failed build, and the old site stays.
    assert _build("zensical", tmp_path / "site", "--strict") == 1
    assert "strict mode" in capsys.readouterr().err
    assert (tmp_path / "site" / "index.html").is_file()


@needs_zensical
@pytest.mark.slow
def test_zensical_build_of_a_corpus_without_config_uses_packaged_defaults(tmp_path: Path) -> None:
    corpus = tmp_path / "papers"
    corpus.mkdir()
    (corpus / "one.txt").write_text((CORPUS / f"{FIRST}.txt").read_text("utf-8"), "utf-8")
    site = tmp_path / "out"
    assert (
        main(["build", "--engine", "zensical", "--corpus", str(corpus), "--site-dir", str(site)])
        == 0
    )
    assert (site / "papers" / "one" / "index.html").is_file()
    assert not list(tmp_path.glob(".out-*")), "the scratch folder is removed"


@needs_zensical
@pytest.mark.slow
def test_zensical_build_honours_max_source_bytes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Regression: the option was read from the config only, so --max-source-bytes did nothing.
    corpus = tmp_path / "papers"
    corpus.mkdir()
    (corpus / "one.txt").write_bytes((CORPUS / f"{FIRST}.txt").read_bytes())
    caplog.set_level(logging.WARNING, logger="corpus_site.zensical")
    build = ["build", "--engine", "zensical", "--corpus", str(corpus)]
    assert main([*build, "--site-dir", str(tmp_path / "out"), "--max-source-bytes", "100"]) == 1
    assert any("100-byte limit" in r.getMessage() for r in caplog.records)
    assert not (tmp_path / "out" / "papers" / "one").exists()


def test_zensical_missing_is_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        zensical.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "zensical" else real(name, *a),
    )
    assert _build("zensical", tmp_path / "site") == 1
    assert "pip install 'corpus-site[zensical]'" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_unsupported_plugins_options_extensions_features_and_settings() -> None:
    config = {
        "plugins": [
            "search",
            {"search": {"lang": "en"}},
            {"corpus": {"corpus_dir": "x"}},
            "git-revision-date-localized",
            {"material/tags": {"tags_file": "tags.md"}},
        ],
        "markdown_extensions": ["toc", {"footnotes": {}}, "no_such_extension_here"],
        "theme": {"name": "material", "features": ["toc.follow", "search.suggest"]},
        "hooks": ["hooks.py"],
        "validation": {"anchors": "warn", "omitted_files": "warn"},
    }
    assert zensical.find_unsupported(config) == [
        "option 'lang' of plugin 'search'",
        "plugin 'git-revision-date-localized'",
        "option 'tags_file' of plugin 'material/tags'",
        "Markdown extension 'no_such_extension_here'",
        "theme feature 'search.suggest'",
        "setting 'hooks'",
        "setting 'validation.omitted_files'",
    ]


def test_read_config_resolves_inherit_as_mkdocs_does(tmp_path: Path) -> None:
    (tmp_path / "base.yml").write_text(
        "site_name: Base\nplugins: [search, corpus]\ntheme: {name: material, font: false}\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        "utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nsite_name: Child\ntheme: {features: [toc.follow]}\n"
        "plugins:\n  - offline:\n      enabled: !ENV [SOME_FLAG, false]\n  - corpus\n",
        "utf-8",
    )
    config = mkdocs_yml.read_config(tmp_path / "mkdocs.yml")
    assert config["site_name"] == "Child"
    assert config["theme"] == {"name": "material", "font": False, "features": ["toc.follow"]}
    # Lists replace, as in MkDocs (Zensical's own INHERIT would concatenate them).
    assert [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]] == [
        "offline",
        "corpus",
    ]
    derived = zensical.derive_config(config, tmp_path, "docs", "site")
    text = yaml.dump(derived, Dumper=mkdocs_yml.Dumper, allow_unicode=True)
    assert "!ENV" in text and "!!python/name:material.extensions.emoji.twemoji" in text


def test_derive_config_drops_corpus_and_adds_the_plugin_assets_once(tmp_path: Path) -> None:
    config = {
        "site_name": "S",
        "plugins": ["search", {"corpus": {"corpus_dir": "c"}}],
        "extra_css": ["mine.css", "assets/corpus-site.css"],
        "theme": {"name": "material", "custom_dir": "overrides"},
    }
    derived = zensical.derive_config(config, tmp_path, "docs", "site")
    assert derived["plugins"] == ["search"]
    assert derived["extra_css"] == ["mine.css", "assets/corpus-site.css"]
    assert derived["extra_javascript"] == ["assets/corpus-site.js"]
    assert derived["theme"]["custom_dir"] == str(tmp_path / "overrides")
    assert derived["theme"]["variant"] == "classic"
    assert config["plugins"] == ["search", {"corpus": {"corpus_dir": "c"}}], "input untouched"


# -- keeping the tables honest -------------------------------------------------------------


@needs_zensical
def test_plugin_table_matches_the_installed_zensical() -> None:
    from zensical import config as zensical_config

    known = getattr(zensical_config, "_PLUGIN_UNSUPPORTED_OPTIONS", None)
    if known is None:
        pytest.skip("this Zensical keeps its plugin table elsewhere; re-read it")
    assert {k: tuple(v) for k, v in known.items()} == zensical.ZENSICAL_PLUGINS


@needs_zensical
def test_feature_table_matches_the_installed_zensical_theme() -> None:
    spec = importlib.util.find_spec("zensical")
    assert spec is not None and spec.origin is not None
    templates = Path(spec.origin).parent / "templates"
    text = "".join(
        path.read_text("utf-8", errors="replace")
        for path in templates.rglob("*")
        if path.suffix in {".html", ".js"}
    )
    for feature in zensical.ZENSICAL_FEATURES:
        assert f'"{feature}"' in text, feature
    assert '"search.suggest"' not in text
