"""The project's own referee run: the shared gold set and scorer, exactly as the team runs it."""

import json
import subprocess
import sys

from .conftest import ROOT, SHARED


def test_seed_extraction_scores_at_least_080():
    proc = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"),
         "--gold", str(SHARED / "eval" / "cuba-china-61-years.gold.json"),
         "--queries", str(ROOT / "queries"), "--json"],
        capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    report = json.loads(proc.stdout)
    assert report["macro_f1"] >= 0.80, report["categories"]
