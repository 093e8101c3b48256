"""The evaluation harness, and floors for the figures it measures on the gold (eval/gold/, by
reading) and on the fictional Kestrel Vale answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import main
from graph.evaluate import evaluate_gold
from graph.gold import GoldError, load_answers, load_gold
from graph.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold"
FICTIONAL = ROOT.parent / "shared" / "reports" / "fictional"


@pytest.fixture(scope="module")
def staffordshire():
    return evaluate_gold(load_gold(GOLD / "staffordshire-2021-22.toml"), load_lexicon())


@pytest.fixture(scope="module")
def fenmoor():
    return evaluate_gold(load_gold(GOLD / "fenmoor-2021-22.toml"), load_lexicon())


def test_staffordshire_theme_links_above_the_floor(staffordshire) -> None:
    assert staffordshire.findings == 28 and not staffordshire.unmatched
    assert staffordshire.about.precision >= 0.90
    assert staffordshire.about.recall >= 0.90
    assert staffordshire.mentions_recall >= 0.98
    assert len(staffordshire.not_about_violations) <= 3


def test_staffordshire_units_and_partners(staffordshire) -> None:
    assert staffordshire.entity_recall >= 0.88
    assert staffordshire.discovered_precision >= 0.85 and staffordshire.discovered[1] >= 10


def test_strength_buys_precision_over_the_one_word_links(staffordshire, fenmoor) -> None:
    """Every link (one matching word was enough) is the old graph's theme link: ABOUT must be
    far more precise, at little cost in recall."""
    for result in (staffordshire, fenmoor):
        assert result.mentions_precision <= 0.75
        assert result.about.precision - result.mentions_precision >= 0.2


def test_unseen_report_units_and_partners_without_a_lexicon_change(fenmoor) -> None:
    """Fenmoor is fictional and was written after the lexicon: its organisations are new."""
    assert fenmoor.findings == 15
    assert fenmoor.entity_recall >= 0.90
    assert fenmoor.discovered_precision >= 0.85
    assert fenmoor.about.precision >= 0.85 and fenmoor.about.recall >= 0.85
    assert fenmoor.mentions_recall >= 0.92


@pytest.mark.skipif(not FICTIONAL.is_dir(), reason="../shared/reports/fictional not present")
def test_kestrel_vale_supervision_and_organisations() -> None:
    gold = load_answers(
        FICTIONAL / "kestrel-vale.answers.json",
        "kestrel-vale-peel-2021-22.txt",
        "kestrel-vale-2021-22",
    )
    result = evaluate_gold(gold, load_lexicon())
    assert result.about.precision >= 0.9 and result.about.recall >= 0.85
    assert result.entity_recall >= 0.9


def test_bad_gold_names_the_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('report = "x"\nsource = "y.txt"\n[[finding]]\nkind = "nonsense"\n')
    with pytest.raises(GoldError, match=r"bad\.toml: finding\[0\]\.kind"):
        load_gold(path)
    path.write_text("report = [")
    with pytest.raises(GoldError, match="not valid TOML"):
        load_gold(path)


def test_cli_prints_per_theme_and_overall(capsys) -> None:
    assert main(["evaluate", str(GOLD / "staffordshire-2021-22.toml")]) == 0
    out = capsys.readouterr().out
    assert "staffordshire-2021-22: 28 findings matched" in out
    assert "supervision" in out and "overall (micro)" in out
    assert "MENTIONS (any link) recall" in out and "units and partners named" in out
    assert main(["evaluate", str(GOLD / "nope.toml")]) == 2
