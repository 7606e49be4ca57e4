"""`diplograph evaluate`: the matching rules one by one, the CLI, and agreement with the referee."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from diplograph.graph.evaluate import (
    Prediction,
    Score,
    match_event,
    match_position,
    match_relation,
    match_trade,
    same_name,
    same_sentence,
    score,
    score_list,
    score_set,
)

from .conftest import DATA, KENYA, ROOT, SHARED, diplograph

KENYA_GOLD = DATA / "kenya-china-written-for-tests.gold.json"
SEED_GOLD = SHARED / "eval" / "cuba-china-61-years.gold.json"


def pred(**values: str | list[str]) -> Prediction:
    return Prediction({k: set(v) if isinstance(v, list) else {v} for k, v in values.items()})


def test_text_is_compared_without_accents_case_or_punctuation() -> None:
    assert same_sentence("La Habana, capital de Cuba.", "la habana capital de cuba")
    assert same_name("José Martí", "Jose MARTI")
    assert not same_name("José Martí", "Martina")


def test_sentences_match_by_containment_or_60_percent_jaccard() -> None:
    assert same_sentence("the two leaders met", "In Beijing the two leaders met on Monday.")
    # 6 shared words of 10 distinct: Jaccard 0.6 exactly.
    assert same_sentence("a b c d e f g h", "a b c d e f i j")
    # 5 shared of 11: below the threshold.
    assert not same_sentence("a b c d e f g h", "a b c d e x i j")
    assert not same_sentence("", "anything")


def test_names_match_when_one_is_a_word_subset_of_the_other() -> None:
    assert same_name("Pereira", "Carlos Miguel Pereira")
    assert same_name("Carlos Miguel Pereira", "Pereira")
    assert not same_name("Carlos Pereira", "Miguel Pereira")


def test_relations_match_on_the_unordered_pair_of_codes() -> None:
    assert match_relation(Prediction({"between": {"CUB", "CHN"}}), {"between": ["CHN", "CUB"]})
    assert not match_relation(Prediction({"between": {"CUB", "USA"}}), {"between": ["CHN", "CUB"]})


def test_events_need_a_sentence_and_one_participant() -> None:
    gold = {"sentence": "Cuba and China signed a deal.", "participants": ["CUB", "CHN"]}
    iri = "https://w3id.org/diplograph/id/country/CHN"
    assert match_event(pred(sentence="Cuba and China signed a deal", participant=iri), gold)
    assert not match_event(pred(sentence="Cuba and China signed a deal", participant="USA"), gold)
    assert not match_event(pred(sentence="Something else entirely", participant="CUB"), gold)


def test_positions_need_sentence_holder_and_stance() -> None:
    gold = {"sentence": "Cuba rejects the blockade.", "holder": "CUB", "stance": "oppose"}
    assert match_position(pred(sentence=gold["sentence"], holder="CUB", stance="Oppose"), gold)
    assert not match_position(pred(sentence=gold["sentence"], holder="CUB", stance="support"), gold)
    assert not match_position(pred(sentence=gold["sentence"], holder="USA", stance="oppose"), gold)


def test_trade_checks_exporter_and_importer_only_where_the_gold_names_them() -> None:
    sentence = "Kenya exports tea to China."
    assert match_trade(pred(sentence=sentence), {"sentence": sentence})
    gold = {"sentence": sentence, "exporter": "KEN", "importer": "CHN"}
    assert match_trade(pred(sentence=sentence, exporter="KEN", importer="CHN"), gold)
    assert not match_trade(pred(sentence=sentence, exporter="CHN", importer="KEN"), gold)


def test_each_gold_item_is_matched_at_most_once() -> None:
    by_name = {"name": "Li Qiang"}
    preds = [pred(name="Li Qiang"), pred(name="Qiang")]
    result = score_list(
        preds, [by_name], [], lambda p, g: same_name(p.first("name"), g["name"]), str
    )
    assert (result.score.tp, result.score.fp, result.score.fn) == (1, 1, 0)


def test_optional_items_are_neither_rewarded_nor_penalized() -> None:
    result = score_set({"KEN", "CHN", "USA"}, ["KEN", "CHN"], ["USA"])
    assert (result.score.tp, result.score.fp, result.score.fn) == (2, 0, 0)
    missing_optional = score_set({"KEN"}, ["KEN"], ["USA"])
    assert (missing_optional.score.fp, missing_optional.score.fn) == (0, 0)


def test_scores_and_finer_accuracies_from_query_rows() -> None:
    sentence = "Kenya and China held talks in Nairobi."
    rows = {name: [] for name in ("countries", "relations", "persons", "organizations")}
    rows |= {"cooperation_areas": [], "positions": [], "trade": []}
    rows["countries"] = [{"iso3": "KEN"}, {"iso3": "GBR"}]
    rows["events"] = [
        {
            "event": "e1",
            "type": "AGREE",
            "date": "2024-06-10",
            "participant": p,
            "sentence": sentence,
        }
        for p in ("KEN", "CHN")
    ]
    gold = {
        "countries": ["KEN", "CHN"],
        "events": [
            {"type": "CONSULT", "date": "2024-06", "participants": ["CHN"], "sentence": sentence}
        ],
    }
    report = score(rows, gold)
    assert report.categories["countries"].score == Score(1, 1, 1)
    assert report.categories["countries"].false_positives == ["GBR"]
    assert report.categories["countries"].false_negatives == ["CHN"]
    assert report.categories["events"].score == Score(1, 0, 0)
    assert report.details == {"event_type_accuracy": 0.0, "event_date_accuracy": 1.0}
    assert report.macro_f1 == 0.75
    assert set(report.categories) == {"countries", "events"}


def evaluate_json(*args: object) -> dict:
    return json.loads(diplograph("evaluate", *args, "--format", "json").stdout)


def test_cli_scores_the_hand_annotated_test_article() -> None:
    report = evaluate_json("--gold", KENYA_GOLD, "--show-errors")
    cats = report["categories"]
    assert cats["countries"]["f1"] == 1.0
    assert cats["relations"]["tp"] == 1
    assert cats["persons"]["fn"] == 0, cats["persons"]["false_negatives"]
    assert set(cats["events"]) >= {"precision", "recall", "f1", "false_positives"}
    assert 0.8 <= report["macro_f1"] <= 1.0
    table = diplograph("evaluate", "--gold", KENYA_GOLD, KENYA, "--show-errors").stdout
    assert "macro_f1" in table and "cooperation_areas" in table


def test_cli_scores_a_folder_of_pairs(tmp_path: Path) -> None:
    shutil.copy(KENYA, tmp_path / "kenya.md")
    gold = json.loads(KENYA_GOLD.read_text("utf-8"))
    del gold["article"]["file"]  # found as NAME.md beside NAME.gold.json
    (tmp_path / "kenya.gold.json").write_text(json.dumps(gold), "utf-8")
    report = evaluate_json(tmp_path)
    assert [a["article"] for a in report["articles"]] == ["kenya.md"]
    assert report["micro"]["countries"]["tp"] == 2
    assert report["macro_f1"] == report["articles"][0]["macro_f1"]
    assert "micro F1" in diplograph("evaluate", tmp_path).stdout


@pytest.mark.parametrize(
    ("gold_text", "message"),
    [
        (None, "no such gold file"),
        ("{not json", "not a valid gold JSON"),
        ('{"countries": [], "treaties": []}', "unknown category treaties"),
    ],
)
def test_cli_refuses_bad_input_with_exit_2(tmp_path: Path, gold_text: str | None, message: str):
    gold = tmp_path / "x.gold.json"
    if gold_text is not None:
        gold.write_text(gold_text, "utf-8")
    proc = diplograph("evaluate", "--gold", gold, KENYA, check=False)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(not SEED_GOLD.is_file(), reason="the shared referee is not present")
def test_the_seed_scores_equal_the_referees() -> None:
    options = ["--gold", SEED_GOLD, "--cli", "diplograph", "--queries", ROOT / "queries", "--json"]
    referee = subprocess.run(
        [sys.executable, SHARED / "eval" / "score.py", *options],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    expected = json.loads(referee.stdout)
    ours = evaluate_json("--gold", SEED_GOLD)
    assert ours["categories"] == expected["categories"]
    assert ours["details"] == expected["details"]
    assert ours["macro_f1"] == expected["macro_f1"]
