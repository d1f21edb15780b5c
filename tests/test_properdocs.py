"""ProperDocs (the maintained MkDocs 1.x fork) builds the bundled corpus through our plugin.

ProperDocs reads `mkdocs.yml` when there is no `properdocs.yml`, and loads plugins from the
`mkdocs.plugins` entry point as well as its own, so `corpus` needs nothing extra. Importing
it redirects every `mkdocs.*` import to `properdocs.*` for the whole process, so it is only
ever run in a subprocess here, never imported.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import CORPUS, REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("properdocs") is None,  # finds it without importing it
        reason="properdocs is not installed: pip install 'properdocs>=1.6.7,<2' (or '.[test]')",
    ),
]

SOURCE_SUFFIXES = {".txt", ".pdf"}
# Real content of each seed, chosen from corpus/*.txt and a built page: a heading (as the
# page renders it, with its id) and a sentence that is joined up from several source lines.
CONTENT = {
    "russia-strategic-calculus-south-asia": (
        '<h2 id="pakistans-role-bilateral-engagements-and-challenges">'
        "Pakistan’s Role: Bilateral Engagements and Challenges",
        "Russia has begun to adopt a politically pronounced approach towards Pakistan",
    ),
    "pakistan-russia-convergence-excerpt": (
        '<h2 id="introduction">Introduction',
        "Ever-changing global realities influence the regional geopolitical landscape",
    ),
}
FIRST = "russia-strategic-calculus-south-asia"
# The one difference between the engines' sites: Material's base.html writes
# `<meta name="generator" content="mkdocs-{{ mkdocs_version }}, ...">`, and ProperDocs passes
# `mkdocs_version="ProperDocs 1.6.7"` (properdocs/commands/build.py) where MkDocs passes "1.6.1".
GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-([^",]+), mkdocs-material-')


def _sources() -> list[str]:
    return sorted(p.stem for p in CORPUS.iterdir() if p.suffix.lower() in SOURCE_SUFFIXES)


def _project(target: Path) -> Path:
    """The repo's mkdocs.yml and corpus/ copied into `target`, with what they refer to."""
    target.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(CORPUS, target / "corpus")
    # The file it inherits from, at the same relative path, so the copy is unchanged.
    inherit = re.search(r"^INHERIT:\s*(\S+)", config, re.M)
    if inherit:
        (target / inherit[1]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / inherit[1], target / inherit[1])
    # docs_dir must exist; the repo's docs/ holds only pages that mkdocs.yml excludes.
    docs = re.search(r"^docs_dir:\s*(\S+)", config, re.M)
    (target / (docs[1] if docs else "docs")).mkdir(exist_ok=True)
    return target


def _env() -> dict[str, str]:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")  # 2023-11-14
    env.pop("CORPUS_SITE_OFFLINE", None)
    return env


def _build(engine: str, project: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    site = project / "site"
    result = subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"{engine} build failed:\n{result.stdout}\n{result.stderr}"
    return result, site


@pytest.fixture(scope="module")
def properdocs(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    result, site = _build("properdocs", _project(tmp_path_factory.mktemp("properdocs")))
    return result.stdout + result.stderr, site


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build("mkdocs", _project(tmp_path_factory.mktemp("mkdocs")))[1]


def _page(site: Path, slug: str) -> str:
    return (site / "papers" / slug / "index.html").read_text(encoding="utf-8")


def test_every_source_has_a_paper_page_with_its_content(properdocs: tuple[str, Path]) -> None:
    _, site = properdocs
    assert _sources() == sorted(CONTENT), "a new seed: pick a heading and a phrase for it"
    for slug, (heading, phrase) in CONTENT.items():
        html = _page(site, slug)
        assert heading in html, slug
        assert phrase in html, slug
        assert 'id="introduction-p1"' in html, slug  # passage ids
    first = _page(site, FIRST)
    assert re.search(
        r"<h1[^>]*>Russia’s Strategic Calculus in South Asia and Pakistan’s Role", first
    )
    for anchor in ("abstract-p1", "introduction-p2", "policy-recommendations-iii", "page-34"):
        assert f'id="{anchor}"' in first
    assert len(re.findall(r'class="footnote-ref"', first)) == 19
    notes = dict(re.findall(r'<li id="fn:(\d+)">(.*?)</li>', first, re.S))
    assert sorted(map(int, notes)) == list(range(1, 20))
    assert "Concept of the Foreign Policy of the Russian Federation" in notes["7"]


def test_topic_pages_and_search_index(properdocs: tuple[str, Path]) -> None:
    _, site = properdocs
    topics = yaml.safe_load((CORPUS / "topics.yml").read_text(encoding="utf-8"))
    assert (site / "topics" / "index.html").is_file()
    for topic in topics:
        html = (site / "topics" / topic["id"] / "index.html").read_text(encoding="utf-8")
        assert topic["label"].split(" (")[0] in html, topic["id"]
    sco = (site / "topics" / "sco" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../papers/{FIRST}/#introduction-p1"' in sco
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for slug in CONTENT:
        assert f"papers/{slug}/#introduction-p1" in locations, slug
    assert "acronyms" in index["config"]["fields"], "the plugin's search settings are used"


def test_no_warnings(properdocs: tuple[str, Path]) -> None:
    # ProperDocs turns DeprecationWarnings on and logs them as "INFO - DeprecationWarning: ...".
    output, _ = properdocs
    assert "DeprecationWarning" not in output
    assert "WARNING" not in output
    # Material's end-of-life notice is printed under the `mkdocs` command only.
    assert "end of life" not in output


def test_properdocs_stays_out_of_this_process(properdocs: tuple[str, Path]) -> None:
    # Imported here, it would turn every later `import mkdocs...` into ProperDocs.
    assert "properdocs" not in sys.modules


def _generator(html: bytes) -> bytes:
    found = GENERATOR.findall(html)
    assert len(found) == 1, found
    return found[0]


def test_sites_match_mkdocs_but_for_the_generator(
    properdocs: tuple[str, Path], mkdocs_site: Path
) -> None:
    _, site = properdocs
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(mkdocs_site) for p in mkdocs_site.rglob("*") if p.is_file()
    )
    for slug in CONTENT:
        path = Path("papers", slug, "index.html")
        ours, theirs = (site / path).read_bytes(), (mkdocs_site / path).read_bytes()
        assert _generator(ours).startswith(b"ProperDocs 1."), slug
        assert not _generator(theirs).startswith(b"ProperDocs"), slug
        assert GENERATOR.sub(b"", ours) == GENERATOR.sub(b"", theirs), slug
    # The rest of the site too: topic pages, search index, sitemap, assets.
    differ = [
        str(path)
        for path in files
        if GENERATOR.sub(b"", (site / path).read_bytes())
        != GENERATOR.sub(b"", (mkdocs_site / path).read_bytes())
    ]
    assert differ == []
