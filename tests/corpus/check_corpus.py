"""Check the claims corpus (tests/corpus/claims.toml): schema, unique ids, counts.

Standard library only (Python 3.11+ for tomllib). Run: python tests/corpus/check_corpus.py [PATH]
Exits 1 and lists the problems when the file breaks the schema in README.md.
"""
from __future__ import annotations

import sys
import tomllib
from collections import Counter
from pathlib import Path

LANGS = {"en", "zh", "zh-hant"}
KINDS = {"sentence", "paragraph", "table", "headline", "negative"}
RELATIONS = {"ratio", "more_than", "difference", "absolute", "range", "on_par", "measured"}
VERDICTS = {"supported", "contradicted", "misleading", "unverifiable", "measured", "unsupported"}
HEDGES = {"exact", "about", "up_to", "over", "round_word"}
CASE_KEYS = {"id", "lang", "kind", "text", "follows", "note", "expect"}
EXPECT_KEYS = {"subject", "object", "metric", "relation", "value", "value_high", "unit", "hedge", "verdict",
               "why", "in_catalog", "note"}
# a few characters that only occur in traditional script (their simplified forms differ)
TRAD_ONLY = set("輝達顯帶晶為記憶體頻寬與對這們將華應實標導說報萬億廠業領據換並連稱關於機現術經過後發變個來時會還樣點從構網絡電圖價單較測產區開雙無數線統級動擬戰")


def catalog_ids(root: Path) -> set[str]:
    """Accelerator ids of the catalog next to this repository's tests (empty if not found)."""
    ids: set[str] = set()
    for f in sorted((root / "catalog").glob("*.toml")):
        doc = tomllib.loads(f.read_text(encoding="utf-8"))
        ids |= {a["id"] for k in ("accelerator", "system") for a in doc.get(k, [])}
    return ids


def check(path: Path) -> tuple[list[str], dict]:
    known = catalog_ids(Path(__file__).resolve().parents[2])
    missing: set[str] = set()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    cases = data.get("case", [])
    problems: list[str] = []
    ids = Counter(c.get("id") for c in cases)
    problems += [f"duplicate id {i!r} ({n} times)" for i, n in ids.items() if n > 1]
    for c in cases:
        cid = c.get("id", "?")
        for k in ("id", "lang", "kind", "text", "follows"):
            if not isinstance(c.get(k), str) or not c.get(k).strip():
                problems.append(f"{cid}: missing or empty {k}")
        problems += [f"{cid}: unknown key {k!r}" for k in set(c) - CASE_KEYS]
        if c.get("lang") not in LANGS:
            problems.append(f"{cid}: lang {c.get('lang')!r} not in {sorted(LANGS)}")
        if c.get("kind") not in KINDS:
            problems.append(f"{cid}: kind {c.get('kind')!r} not in {sorted(KINDS)}")
        if not str(c.get("follows", "")).startswith(("http://", "https://")):
            problems.append(f"{cid}: follows is not a URL")
        text = c.get("text", "")
        if c.get("lang") == "zh-hant" and not (set(text) & TRAD_ONLY):
            problems.append(f"{cid}: lang zh-hant but no traditional-only character in text")
        exp = c.get("expect", [])
        if not isinstance(exp, list):
            problems.append(f"{cid}: expect must be a list")
            continue
        if c.get("kind") == "negative" and exp:
            problems.append(f"{cid}: negative case with expected claims")
        if c.get("kind") != "negative" and not exp:
            problems.append(f"{cid}: no expected claims (use kind = 'negative')")
        for j, e in enumerate(exp):
            w = f"{cid}.expect[{j}]"
            problems += [f"{w}: unknown key {k!r}" for k in set(e) - EXPECT_KEYS]
            for k in ("subject", "metric", "relation", "verdict", "why"):
                if not isinstance(e.get(k), str) or not e.get(k):
                    problems.append(f"{w}: missing {k}")
            if e.get("relation") not in RELATIONS:
                problems.append(f"{w}: relation {e.get('relation')!r}")
            if e.get("verdict") not in VERDICTS:
                problems.append(f"{w}: verdict {e.get('verdict')!r}")
            if "hedge" in e and e["hedge"] not in HEDGES:
                problems.append(f"{w}: hedge {e['hedge']!r}")
            for k in ("value", "value_high"):
                if k in e and (not isinstance(e[k], (int, float)) or isinstance(e[k], bool) or e[k] <= 0):
                    problems.append(f"{w}: {k} must be a positive number")
            if e.get("relation") == "absolute":
                if "object" in e:
                    problems.append(f"{w}: absolute claim with an object")
                if "unit" not in e and e.get("metric") not in ("tpp",):
                    problems.append(f"{w}: absolute claim without unit")
            if e.get("relation") in ("ratio", "more_than", "difference", "on_par", "range") and "object" not in e:
                problems.append(f"{w}: comparative claim without object")
            if e.get("relation") == "range" and "value_high" not in e:
                problems.append(f"{w}: range without value_high")
            if (e.get("relation") == "measured") != (e.get("verdict") == "measured") and e.get("metric") == "measured":
                problems.append(f"{w}: measured relation and verdict must go together")
            named = [e[k] for k in ("subject", "object") if isinstance(e.get(k), str)]
            absent = [n for n in named if known and n not in known]
            if absent and e.get("in_catalog") is not False:
                problems.append(f"{w}: {absent} not in the catalog; mark in_catalog = false")
            if e.get("in_catalog") is False:
                if known and not absent:
                    problems.append(f"{w}: in_catalog = false but both entities are in the catalog")
                missing.update(absent)
            if "in_catalog" in e and e["in_catalog"] is False and e.get("verdict") != "unverifiable":
                problems.append(f"{w}: an entity outside the catalog can only be unverifiable")
    claims = [(c, e) for c in cases for e in c.get("expect", [])]
    counts = {
        "cases": len(cases),
        "claims": len(claims),
        "cases_by_lang": dict(Counter(c.get("lang") for c in cases)),
        "cases_by_kind": dict(Counter(c.get("kind") for c in cases)),
        "claims_by_lang": dict(Counter(c.get("lang") for c, _ in claims)),
        "claims_by_verdict": dict(Counter(e.get("verdict") for _, e in claims)),
        "claims_by_relation": dict(Counter(e.get("relation") for _, e in claims)),
        "urls": len({c.get("follows") for c in cases}),
        "not_in_catalog": sorted(missing),
    }
    return problems, counts


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("claims.toml")
    problems, counts = check(path)
    for k, v in counts.items():
        print(f"{k}: {v}")
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
