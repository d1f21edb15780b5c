"""The command line, run as a user runs it: a subprocess with exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FIRST_SEED, SECOND_SEED, run_cli

run = run_cli


def test_build_of_a_corpus_folder_anywhere_uses_the_packaged_config(tmp_path: Path) -> None:
    corpus = tmp_path / "papers"
    corpus.mkdir()
    (corpus / "excerpt.txt").write_bytes(SECOND_SEED.read_bytes())
    result = run("build", "--corpus", str(corpus), "--site-dir", str(tmp_path / "out"), "--strict")
    assert result.returncode == 0, result.stderr
    page = tmp_path / "out" / "papers" / "excerpt" / "index.html"
    assert "The changing global environment" in page.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".out-*")), "staging folder left behind"


def test_build_without_corpus_option_reads_corpus_of_the_working_folder(tmp_path: Path) -> None:
    # Regression: with no mkdocs.yml here, the packaged config looked for its papers beside
    # itself (inside the installed package) and built an empty site.
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "excerpt.txt").write_bytes(SECOND_SEED.read_bytes())
    result = run("build", "--site-dir", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "built 1 paper into" in result.stderr
    assert (tmp_path / "out" / "papers" / "excerpt" / "index.html").is_file()


def test_usage_errors_exit_2() -> None:
    assert run("build", "--no-such-option").returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("extract").returncode == 2


def test_every_command_has_help() -> None:
    for command in ("build", "extract", "check"):
        result = run(command, "--help")
        assert result.returncode == 0 and "usage: corpus-site" in result.stdout


def test_extract_prints_markdown_and_json() -> None:
    markdown = run("extract", str(FIRST_SEED))
    assert markdown.returncode == 0
    assert markdown.stdout.startswith("---\ntitle: ")
    assert "{ #policy-recommendations-iii }" in markdown.stdout
    data = json.loads(run("extract", str(FIRST_SEED), "--format", "json").stdout)
    assert data["kind"] == "Document"
    assert data["page_markers"] == ["34", "38"]
    headings = [section["heading"] for section in data["sections"]]
    assert headings[-2:] == ["Policy Recommendations", "Conclusion"]
    first_inline = data["sections"][1]["blocks"][0]["inlines"][0]
    assert first_inline["kind"] == "Text"


def test_extract_of_a_missing_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "nope.txt"))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "file not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_structure_and_fidelity() -> None:
    result = run("check", "--strict")
    assert result.returncode == 0, result.stdout
    assert "lists 5 (28 items)" in result.stdout
    assert "footnote calls 19, bodies 1, calls without body 18" in result.stdout
    assert "page markers: 34, 38" in result.stdout
    assert "russia-strategic-calculus-south-asia.txt:77: footnote 1: the source has no body" in (
        result.stdout
    )


def test_an_offline_build_does_not_make_later_builds_in_the_process_offline(
    tmp_path: Path,
) -> None:
    from corpus_site.cli import main

    corpus = tmp_path / "papers"
    corpus.mkdir()
    (corpus / "excerpt.txt").write_bytes(SECOND_SEED.read_bytes())
    offline, online = tmp_path / "offline", tmp_path / "online"
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(offline), "--offline"]) == 0
    assert (offline / "papers" / "excerpt.html").is_file()  # offline: file URLs
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(online)]) == 0
    assert (online / "papers" / "excerpt" / "index.html").is_file()
