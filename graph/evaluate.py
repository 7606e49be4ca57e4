"""Score extraction against a user's gold annotation (the rules of the project's eval README).

The article is ingested into a throw-away store, the contract queries are run on it, and their
rows are compared with the gold lists, so the figures are those a user of the graph would see.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..queries import canned
from .dates import parse_iso
from .store import open_store

CATEGORIES = (
    "countries",
    "relations",
    "persons",
    "organizations",
    "cooperation_areas",
    "events",
    "positions",
    "trade",
)
SET_CATEGORIES = ("countries", "cooperation_areas")
QUERY_NAME = {name: name.replace("_", "-") for name in CATEGORIES}
# The variable that identifies one predicted thing; its rows are grouped into one prediction.
SUBJECT = {
    "relations": "relation",
    "persons": "person",
    "organizations": "org",
    "events": "event",
    "positions": "position",
    "trade": "flow",
}
SENTENCE_JACCARD = 0.6


class GoldError(ValueError):
    """A gold file or article that cannot be evaluated (the user's input, not the extractor)."""


# ---------------------------------------------------------------- text rules
def normalize(text: str | None) -> str:
    """Lower-cased, accents and punctuation removed, so spelling variants compare equal."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def words(text: str | None) -> set[str]:
    return set(normalize(text).split())


def same_sentence(a: str | None, b: str | None) -> bool:
    """One contains the other, or their word sets overlap by at least 60% (Jaccard)."""
    na, nb = normalize(a), normalize(b)
    if not na or not nb:
        return False
    if na in nb or nb in na:
        return True
    wa, wb = set(na.split()), set(nb.split())
    return len(wa & wb) / len(wa | wb) >= SENTENCE_JACCARD


def same_name(a: str | None, b: str | None) -> bool:
    """The words of one name are a subset of the other's ("Pereira" ~ "Carlos Miguel Pereira")."""
    wa, wb = words(a), words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def iso3(value: str | None) -> str:
    """An ISO3 code from a literal or an IRI ending in one; other values are kept as they are."""
    if not value:
        return ""
    tail = re.split(r"[/#:]", value.strip())[-1]
    return tail.upper() if re.fullmatch(r"[A-Za-z]{3}", tail) else value.strip()


def same_party(predicted: str, gold: str) -> bool:
    return iso3(predicted) == iso3(gold) or same_name(predicted, gold)


# ---------------------------------------------------------------- predictions
@dataclass
class Prediction:
    """One predicted thing: every value each contract variable took on its rows."""

    values: dict[str, set[str]] = field(default_factory=dict)

    def get(self, var: str) -> set[str]:
        return self.values.get(var, set())

    def first(self, var: str) -> str:
        return min(self.get(var), default="")

    def sentence_matches(self, gold: str | None) -> bool:
        return any(same_sentence(s, gold) for s in self.get("sentence"))

    def party_matches(self, var: str, gold: str) -> bool:
        return any(same_party(p, gold) for p in self.get(var))


def group_rows(rows: list[dict[str, str]], subject: str) -> list[Prediction]:
    """Rows that share the subject IRI are one prediction with several values per variable."""
    groups: dict[str, Prediction] = {}
    for i, row in enumerate(rows):
        pred = groups.setdefault(row.get(subject) or f"_row{i}", Prediction())
        for var, value in row.items():
            if value:
                pred.values.setdefault(var, set()).add(value)
    return list(groups.values())


def relation_predictions(rows: list[dict[str, str]]) -> list[Prediction]:
    """One prediction per row with both countries, as the contract has one row per relation."""
    preds = []
    for row in rows:
        if row.get("isoA") and row.get("isoB"):
            pair = {iso3(row["isoA"]), iso3(row["isoB"])}
            established = {row["established"]} if row.get("established") else set()
            preds.append(Prediction({"between": pair, "established": established}))
    return preds


def set_predictions(rows: list[dict[str, str]], var: str, to_code: Callable[[str], str]) -> set:
    return {to_code(row[var]) for row in rows if row.get(var)}


# ---------------------------------------------------------------- matching rules
def match_relation(pred: Prediction, gold: dict) -> bool:
    """The unordered pair of ISO3 codes."""
    return pred.get("between") == {iso3(c) for c in gold.get("between") or []}


def match_named(pred: Prediction, gold: dict) -> bool:
    """Persons and organizations: by name."""
    return same_name(pred.first("name"), gold.get("name"))


def match_event(pred: Prediction, gold: dict) -> bool:
    """An evidence sentence matches and at least one participant matches."""
    parties = gold.get("participants") or []
    return pred.sentence_matches(gold.get("sentence")) and (
        not parties or any(pred.party_matches("participant", p) for p in parties)
    )


def match_position(pred: Prediction, gold: dict) -> bool:
    """An evidence sentence, the holder and the stance match."""
    return (
        pred.sentence_matches(gold.get("sentence"))
        and pred.party_matches("holder", gold.get("holder") or "")
        and gold.get("stance") in {s.lower() for s in pred.get("stance")}
    )


def match_trade(pred: Prediction, gold: dict) -> bool:
    """An evidence sentence matches, and exporter and importer where the gold names them."""
    return pred.sentence_matches(gold.get("sentence")) and all(
        not gold.get(var) or pred.party_matches(var, gold[var]) for var in ("exporter", "importer")
    )


MATCHERS: dict[str, Callable[[Prediction, dict], bool]] = {
    "relations": match_relation,
    "persons": match_named,
    "organizations": match_named,
    "events": match_event,
    "positions": match_position,
    "trade": match_trade,
}


# ---------------------------------------------------------------- scores
@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def _rates(self) -> tuple[float, float]:
        """Nothing predicted and nothing to find is perfect; nothing predicted but gold is not."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else float(not self.fn)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r

    @property
    def precision(self) -> float:
        return round(self._rates()[0], 3)

    @property
    def recall(self) -> float:
        return round(self._rates()[1], 3)

    @property
    def f1(self) -> float:
        p, r = self._rates()
        return round(2 * p * r / (p + r), 3) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, float]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class CategoryResult:
    """A category's score, with its errors described for the user."""

    score: Score
    predicted: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)
    pairs: list[tuple[Prediction, dict]] = field(default_factory=list, repr=False)


@dataclass
class ArticleReport:
    article: str
    categories: dict[str, CategoryResult]
    details: dict[str, float | None]

    @property
    def macro_f1(self) -> float:
        f1s = [c.score.f1 for c in self.categories.values()]
        return round(sum(f1s) / len(f1s), 3) if f1s else 0.0

    def as_dict(self, errors: bool = False) -> dict:
        cats = {}
        for name, result in self.categories.items():
            cats[name] = result.score.as_dict()
            if errors:
                cats[name] |= {
                    "false_positives": result.false_positives,
                    "false_negatives": result.false_negatives,
                }
        return {
            "article": self.article,
            "categories": cats,
            "details": self.details,
            "macro_f1": self.macro_f1,
        }


@dataclass
class FolderReport:
    articles: list[ArticleReport]

    def micro(self) -> dict[str, Score]:
        """Counts summed over articles, per category."""
        totals: dict[str, Score] = {}
        for report in self.articles:
            for name, result in report.categories.items():
                totals[name] = totals.get(name, Score()) + result.score
        return totals

    def macro(self) -> dict[str, float]:
        """The mean over articles of each category's F1 (where the category was scored)."""
        f1s: dict[str, list[float]] = {}
        for report in self.articles:
            for name, result in report.categories.items():
                f1s.setdefault(name, []).append(result.score.f1)
        return {name: round(sum(v) / len(v), 3) for name, v in f1s.items()}

    @property
    def macro_f1(self) -> float:
        values = [r.macro_f1 for r in self.articles]
        return round(sum(values) / len(values), 3) if values else 0.0

    def as_dict(self, errors: bool = False) -> dict:
        return {
            "articles": [r.as_dict(errors) for r in self.articles],
            "micro": {name: s.as_dict() for name, s in self.micro().items()},
            "macro_f1_by_category": self.macro(),
            "macro_f1": self.macro_f1,
        }


def score_set(pred: set[str], gold: list[str], optional: list[str]) -> CategoryResult:
    """Countries and cooperation areas: sets of codes; optional codes are never false positives."""
    gold_set, optional_set = set(gold), set(optional)
    fps = sorted(pred - gold_set - optional_set)
    fns = sorted(gold_set - pred)
    return CategoryResult(Score(len(pred & gold_set), len(fps), len(fns)), len(pred), fps, fns)


def score_list(
    preds: list[Prediction],
    gold: list[dict],
    optional: list[dict],
    matcher: Callable[[Prediction, dict], bool],
    describe: Callable[[Prediction], str],
) -> CategoryResult:
    """Greedy one-to-one matching: each gold item takes the first unused prediction it matches;
    a leftover prediction matching an optional item is neither rewarded nor a false positive."""
    used: set[int] = set()
    result = CategoryResult(Score(), len(preds))
    for item in gold:
        hit = next((i for i, p in enumerate(preds) if i not in used and matcher(p, item)), None)
        if hit is None:
            result.false_negatives.append(describe_gold(item))
            continue
        used.add(hit)
        result.pairs.append((preds[hit], item))
    for i, pred in enumerate(preds):
        if i not in used and not any(matcher(pred, o) for o in optional):
            result.false_positives.append(describe(pred))
    result.score = Score(
        len(result.pairs), len(result.false_positives), len(result.false_negatives)
    )
    return result


def describe_gold(item: dict) -> str:
    keys = ("name", "between", "type", "holder", "stance", "exporter", "importer", "sentence")
    return "; ".join(f"{k}={_show(item[k])}" for k in keys if item.get(k))


def describe_prediction(pred: Prediction) -> str:
    keys = ("name", "between", "type", "participant", "holder", "stance")
    keys += ("exporter", "importer", "product", "sentence")
    return "; ".join(f"{k}={_show(sorted(pred.get(k)))}" for k in keys if pred.get(k))


def _show(value: object) -> str:
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(value)


# ---------------------------------------------------------------- finer accuracies
def _ratio(hits: Iterable[bool]) -> float | None:
    hits = list(hits)
    return round(sum(hits) / len(hits), 3) if hits else None


def event_type_accuracy(pairs: list[tuple[Prediction, dict]]) -> float | None:
    typed = [(p, g) for p, g in pairs if g.get("type") not in (None, "ANY")]
    return _ratio(g["type"] in p.get("type") for p, g in typed)


def event_date_accuracy(pairs: list[tuple[Prediction, dict]]) -> float | None:
    dated = [(p, g) for p, g in pairs if g.get("date")]
    return _ratio(any(d.startswith(g["date"]) for d in p.get("date")) for p, g in dated)


def relation_established_accuracy(pairs: list[tuple[Prediction, dict]]) -> float | None:
    dated = [(p, g) for p, g in pairs if g.get("established")]
    return _ratio(p.first("established").startswith(g["established"]) for p, g in dated)


def person_role_accuracy(pairs: list[tuple[Prediction, dict]]) -> float | None:
    return _ratio(any(words(g.get("role")) <= words(r) for r in p.get("role")) for p, g in pairs)


def trade_product_recall(pairs: list[tuple[Prediction, dict]]) -> float | None:
    return _ratio(
        any(same_name(product, x) for x in p.get("product"))
        for p, g in pairs
        for product in g.get("products") or []
    )


DETAILS: dict[str, tuple[str, Callable[[list[tuple[Prediction, dict]]], float | None]]] = {
    "event_type_accuracy": ("events", event_type_accuracy),
    "event_date_accuracy": ("events", event_date_accuracy),
    "relation_established_accuracy": ("relations", relation_established_accuracy),
    "person_role_accuracy": ("persons", person_role_accuracy),
    "trade_product_recall": ("trade", trade_product_recall),
}


# ---------------------------------------------------------------- scoring an article
def score(rows: dict[str, list[dict[str, str]]], gold: dict, article: str = "") -> ArticleReport:
    """Compare the contract queries' rows with a gold annotation."""
    categories: dict[str, CategoryResult] = {}
    for name in CATEGORIES:
        gold_items = gold.get(name) or []
        optional = gold.get(f"optional_{name}") or []
        if name == "countries":
            result = score_set(set_predictions(rows[name], "iso3", iso3), gold_items, optional)
        elif name == "cooperation_areas":
            result = score_set(set_predictions(rows[name], "areaCode", str), gold_items, optional)
        else:
            preds = (
                relation_predictions(rows[name])
                if name == "relations"
                else group_rows(rows[name], SUBJECT[name])
            )
            result = score_list(preds, gold_items, optional, MATCHERS[name], describe_prediction)
        if gold_items or result.predicted:
            categories[name] = result
    details = {
        key: rule(categories[cat].pairs)
        for key, (cat, rule) in DETAILS.items()
        if cat in categories and categories[cat].pairs
    }
    return ArticleReport(article, categories, details)


def load_gold(path: Path) -> dict:
    """The gold file, checked enough that a typo gives a clear message rather than a crash."""
    try:
        gold = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise GoldError(f"no such gold file: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GoldError(f"{path}: not a valid gold JSON file ({error})") from None
    if not isinstance(gold, dict):
        raise GoldError(f"{path}: a gold file is a JSON object")
    known = {"article", *CATEGORIES, *(f"optional_{c}" for c in CATEGORIES)}
    unknown = sorted(set(gold) - known)
    if unknown:
        raise GoldError(f"{path}: unknown category {', '.join(unknown)}")
    return gold


def article_for(gold_path: Path, gold: dict) -> Path:
    """The gold's article.file relative to it, else NAME.txt|.md|... next to NAME.gold.json."""
    named = (gold.get("article") or {}).get("file")
    if named:
        return gold_path.parent / named
    from .ingest.sources import HTML_SUFFIXES, TEXT_SUFFIXES  # loads trafilatura: not for --help

    stem = gold_path.name.removesuffix(".json").removesuffix(".gold")
    for suffix in sorted(TEXT_SUFFIXES | HTML_SUFFIXES):
        candidate = gold_path.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    raise GoldError(f"{gold_path}: no article file (set article.file or put {stem}.txt next to it)")


def gold_files(folder: Path) -> list[Path]:
    found = sorted(folder.glob("*.gold.json"))
    if not found:
        raise GoldError(f"{folder}: no *.gold.json files")
    return found


def evaluate_article(gold_path: Path, article: Path | None = None) -> ArticleReport:
    """Ingest the article into a temporary store with the gold's metadata, query, and score."""
    # Imported here: the pipeline loads spaCy, which `diplograph evaluate --help` need not.
    from .ingest.pipeline import Metadata, ingest

    gold = load_gold(gold_path)
    article = article or article_for(gold_path, gold)
    if not article.is_file():
        raise GoldError(f"no such article: {article}")
    meta = gold.get("article") or {}
    try:
        published = parse_iso(meta["published"]) if meta.get("published") else None
    except ValueError as error:
        raise GoldError(f"{gold_path}: article.published: {error}") from None
    metadata = Metadata(published, meta.get("source"), meta.get("publisher"))
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "store") as store:
        outcomes = ingest([article], store, metadata)
        if outcomes and outcomes[0].error:
            raise GoldError(f"{article}: {outcomes[0].error}")
        rows = {name: store.select(canned(QUERY_NAME[name])) for name in CATEGORIES}
    return score(rows, gold, article.name)


def evaluate_folder(folder: Path) -> FolderReport:
    return FolderReport([evaluate_article(path) for path in gold_files(folder)])
