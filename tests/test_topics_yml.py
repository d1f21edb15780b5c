"""topics.yml is validated: every mistake names the file and the line to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_site.cli import main
from corpus_site.errors import MetadataError
from corpus_site.topics.config import load_topics, read_topics
from tests.conftest import CORPUS

GOOD = """\
- id: sco
  label: Shanghai Cooperation Organisation
  description: The bloc.
  terms: [Shanghai Cooperation Organisation]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_bundled_topics_file_is_valid() -> None:
    topics = read_topics(CORPUS / "topics.yml")
    ids = [topic.id for topic in topics]
    for required in ("cpec", "sco", "afghanistan", "energy", "defence", "india", "china"):
        assert required in ids
    for required in ("united-states", "central-asia", "nuclear", "terrorism", "sanctions"):
        assert required in ids
    assert "ukraine" in ids
    assert all(topic.label and topic.description for topic in topics)


def test_a_good_file_loads_with_lines(tmp_path: Path) -> None:
    (topic,) = read_topics(_write(tmp_path, GOOD))
    assert (topic.id, topic.line, topic.terms) == ("sco", 1, ("Shanghai Cooperation Organisation",))
    assert load_topics(tmp_path / "elsewhere") == ()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (GOOD + "  colour: red\n", 5, "unknown key 'colour'"),
        (GOOD + "- id: empty\n  label: Empty\n  terms: []\n", 5, "no terms and no regex"),
        (GOOD + "- id: blank\n  label: Blank\n  terms: [ok, '  ']\n", 7, "empty entry in 'terms'"),
        (
            GOOD + "- id: rx\n  label: Rx\n  regex:\n    - 'ok'\n    - '(unclosed'\n",
            9,
            "does not compile",
        ),
        (GOOD + "- id: rx\n  label: Rx\n  regex: ['a(?i)b']\n", 7, "does not compile"),
        (GOOD + "- id: rx\n  label: Rx\n  regex: ['(US)']\n", 7, "instead of groups"),
        (GOOD + "- id: rx\n  label: Rx\n  regex: ['x*']\n", 7, "matches the empty string"),
        # Patterns run on the `regex` package: what it reads otherwise than `re` is refused.
        (GOOD + "- id: rx\n  label: Rx\n  regex: ['(?V1)x']\n", 7, "does not compile"),
        (GOOD + "- id: rx\n  label: Rx\n  regex: ['\\p{Lu}SA']\n", 7, "does not compile"),
        (GOOD + "- id: rx\n  label: Rx\n  regex: ['[[:alpha:]]+']\n", 7, "is ambiguous"),
        (
            GOOD + "- id: rx\n  label: Rx\n  regex: ['ok', '(?:US){e<=1}']\n",
            7,
            "write \\{ for a literal brace",
        ),
        (
            GOOD + "- id: sco\n  label: Again\n  terms: [SCO]\n",
            5,
            "duplicate topic id 'sco' (first on line 1)",
        ),
        (GOOD + "- id: Not A Slug\n  label: X\n  terms: [x]\n", 5, "must be a lower-case slug"),
        (GOOD + "- id: index\n  label: X\n  terms: [x]\n", 5, "must be a lower-case slug"),
        (GOOD + "- id: nolabel\n  terms: [x]\n", 5, "topic has no 'label'"),
        (GOOD + "- id: t\n  label: [a, b]\n  terms: [x]\n", 6, "key 'label' must be a string"),
        (GOOD + "- id: t\n  label: T\n  terms: word\n", 7, "key 'terms' must be a list"),
        (GOOD + "- id: t\n  label: T\n  terms: [12]\n", 7, "key 'terms' must be a list"),
        (GOOD + "- just a string\n", 5, "each topic must be a mapping"),
        ("id: sco\nlabel: SCO\n", 1, "must be a list of topics"),
        (GOOD + "- id: t\n  label: [unclosed\n", 7, "YAML does not parse"),
    ],
)
def test_mistakes_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(MetadataError) as raised:
        read_topics(path)
    error = raised.value
    assert error.path == path
    assert error.line == line, error.one_line()
    assert message in error.message
    assert error.one_line().startswith(f"{path}:{line}: ")


def test_a_bad_topics_file_fails_the_build_with_file_and_line(
    seed_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (seed_corpus / "topics.yml").write_text(GOOD + "  colour: red\n", encoding="utf-8")
    code = main(["build", "--corpus", str(seed_corpus), "--site-dir", str(tmp_path / "site")])
    assert code == 1
    assert f"{seed_corpus / 'topics.yml'}:5: unknown key 'colour'" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
