"""Check the ratios that 2025 news commentary quoted about the H20, H200, H100 and Huawei's Ascend
chips: which readings of the specifications make each number true, and are they fair?

The claims are paraphrased; the sentences are ours, not the articles'. Each is given once as a
structured claim and once as a sentence the parser reads (English or Chinese).

Run: python examples/news_claims.py
"""

from __future__ import annotations

from accelspec import Q_
from accelspec.claims.parse import parse_claim
from accelspec.claims import ChipClaim, ClaimCheck

# (paraphrase, structured claim)
NEWS: list[tuple[str, ChipClaim]] = [
    ("The export-grade H20 offers a mere 7.5% of what an H200 does",
     ChipClaim.percent_of("H20", "H200", 7.5)),
    ("Taken as a whole, the H20 is roughly 12% ahead of the Ascend 910B",
     ChipClaim.more_than("H20", "Ascend 910B", 12)),
    ("On some headline figures the Ascend 910C gets to 80-90% of an H200",
     ChipClaim.percent_of("Ascend 910C", "H200", 80, 90)),
    ("Huawei's CloudMatrix 384 supernode reaches 300 PFLOPS",
     ChipClaim.absolute("CloudMatrix 384", Q_(300, "PFLOP/s"))),
    ("In practice the CloudMatrix 384 is three times as efficient as an H20",
     ChipClaim.times("CloudMatrix 384", "H20", 3)),
    ("An H200 carries 141 GB of HBM3e",
     ChipClaim.absolute("H200", Q_(141, "GB"), metric="memory.capacity")),
    ("An H200 moves 4.8 TB/s to and from memory",
     ChipClaim.absolute("H200", Q_(4.8, "TB/s"), metric="memory.bandwidth")),
    ("The H200's single-precision rate is 60-90% above the H100's",
     ChipClaim.more_than("H200", "H100", 60, 90, metric="fp32")),
]

# the same kind of statements as sentences, in both languages
SENTENCES = [
    "H20仅为H200的7.5%",
    "H20 is 12% faster than 910B",
    "910C达到H200的80%-90%",
    "H200单精度浮点运算性能较H100提升60%-90%",
]


def show(title: str, check: ClaimCheck) -> None:
    print("=" * 100)
    print(title)
    print(check.explanation)
    print()


def main() -> None:
    for paraphrase, claim in NEWS:
        show(paraphrase, claim.check())
    print("Verdicts for sentences read by the parser:")
    for text in SENTENCES:
        check = parse_claim(text).check()
        fair = check.fair_figure("bf16").figure() if any(
            r.key == "bf16" for r in check.fair) else "n/a"
        print(f"  {text:<44} {check.verdict.value:<13} (like-for-like dense BF16 ratio: {fair})")


if __name__ == "__main__":
    main()
