"""Paper pages as built HTML: citation tags, anchors, page markers, notes, cite block."""

from __future__ import annotations

import html
import re
from pathlib import Path

from tests.sitefixtures import build_bundled_site, bundled_site  # noqa: F401  (fixture)

FIRST = "papers/russia-strategic-calculus-south-asia/index.html"
SECOND = "papers/pakistan-russia-convergence-excerpt/index.html"


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def meta_tags(page: str) -> list[tuple[str, str]]:
    found = re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', page)
    return [(name, html.unescape(value)) for name, value in found]


def test_highwire_tags_for_the_first_seed(bundled_site: Path) -> None:  # noqa: F811
    tags = meta_tags(read(bundled_site, FIRST))
    assert tags == [
        (
            "citation_title",
            "Russia’s Strategic Calculus in South Asia and Pakistan’s Role: "
            "Challenges and Prospects",
        ),
        ("citation_journal_title", "Strategic Studies"),
        (
            "citation_keywords",
            "Pakistan-Russia Relations; South Asia; Strategic Calculus; Afghan Peace Process",
        ),
        ("citation_language", "en"),
    ]
    head = read(bundled_site, FIRST).split("</head>")[0]
    assert 'name="citation_title"' in head


def test_untitled_excerpt_has_no_citation_title(bundled_site: Path) -> None:  # noqa: F811
    names = [name for name, _ in meta_tags(read(bundled_site, SECOND))]
    assert "citation_title" not in names and "citation_author" not in names


def test_recommendations_page_links_every_recommendation(bundled_site: Path) -> None:  # noqa: F811
    paper = read(bundled_site, FIRST)
    page = read(bundled_site, "recommendations/index.html")
    labels = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]
    for label in labels:
        anchor = f"policy-recommendations-{label}"
        assert f'id="{anchor}"' in paper
        assert f'href="../papers/russia-strategic-calculus-south-asia/#{anchor}"' in page
    assert "Pakistan can diversify its energy mix" in page
    assert "9 recommendations" in page


def test_page_markers_and_note_seven(bundled_site: Path) -> None:  # noqa: F811
    paper = read(bundled_site, FIRST)
    for page in ("34", "38"):
        assert re.search(
            rf'<a class="page-marker" href="#page-{page}" id="page-{page}">p.\xa0{page}</a>', paper
        )
    note = re.search(r'<li id="fn:7">(.*?)</li>', paper, re.S)
    assert note is not None
    assert "Concept of the Foreign Policy of the Russian Federation" in note.group(1)
    assert 'href="http://www.mid.ru/en/foreign_policy/official_documents/-/asset_publisher/' in (
        note.group(1)
    )
    missing = re.search(r'<li id="fn:1">(.*?)</li>', paper, re.S)
    assert missing is not None and "not in the source" in missing.group(1)


def test_passages_carry_the_pages_they_are_known_to_touch(bundled_site: Path) -> None:  # noqa: F811
    paper = read(bundled_site, FIRST)
    assert re.search(r'<p data-pages="34" id="introduction-p1">', paper)
    assert re.search(r'<p data-pages="38" id="russias-strategic-calculus-in-south-asia-p4">', paper)
    # Pages 35-37 are not printed in the source: a passage between p. 34 and p. 38 lies on
    # one or more of 34-37, and says no more; one after p. 38 names no page at all.
    assert re.search(r'<p data-pages="34–37" id="introduction-p2">', paper)
    assert not re.search(r'data-pages="3[5-7]', paper)
    assert '<p id="russias-strategic-calculus-in-south-asia-p5">' in paper


def test_cite_section_has_plain_bibtex_and_ris(bundled_site: Path) -> None:  # noqa: F811
    paper = read(bundled_site, FIRST)
    cite = paper.split('id="cite"')[1]
    assert "@article{russia-strategic-calculus-south-asia," in cite
    assert "TY  - JOUR" in cite and "JO  - Strategic Studies" in cite
    assert "“Russia’s Strategic Calculus in South Asia" in html.unescape(cite)
    second = read(bundled_site, SECOND).split('id="cite"')[1]
    assert "No title in the source" in second and "TI  -" not in second


def test_no_request_leaves_the_site(bundled_site: Path) -> None:  # noqa: F811
    for page in bundled_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text
        for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', text):
            raise AssertionError(f"{page} loads {src}")


def test_offline_build_works_from_disk(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CORPUS_SITE_OFFLINE", "true")
    site = build_bundled_site(tmp_path / "offline")
    paper = site / "papers" / "russia-strategic-calculus-south-asia.html"
    assert paper.is_file(), "offline sites use file names, not directory URLs"
    text = paper.read_text(encoding="utf-8")
    assert "navigation.instant" not in text
    assert (site / "search" / "search_index.js").is_file()


def test_offline_flag_makes_the_same_offline_copy(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CORPUS_SITE_OFFLINE", "false")  # restored after the test
    site = build_bundled_site(tmp_path / "offline", "--offline")
    assert (site / "papers" / "russia-strategic-calculus-south-asia.html").is_file()
    assert (site / "search" / "search_index.js").is_file()
