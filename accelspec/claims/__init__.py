"""Claims about accelerators: what a sentence states, every reading of it, and a verdict.

- :mod:`~accelspec.claims.model`: :class:`ChipClaim` and :class:`Verdict`;
- :mod:`~accelspec.claims.readings`: the readings of a claim (each precision dense and sparse,
  memory, TPP, workload bounds) and whether each is like for like;
- :mod:`~accelspec.claims.parse`: :func:`parse_claim`, a sentence to a :class:`ChipClaim`;
- :mod:`~accelspec.claims.check`: :func:`check_claim` and its :class:`ClaimCheck`.
"""

from accelspec.claims.check import ClaimCheck, check_claim
from accelspec.claims.model import ChipClaim, Verdict
from accelspec.claims.parse import parse_claim
from accelspec.claims.readings import NotEvaluable, Reading, ReadingProvider
from accelspec.errors import ClaimError, ClaimParseError

__all__ = [
    "ChipClaim",
    "ClaimCheck",
    "ClaimError",
    "ClaimParseError",
    "NotEvaluable",
    "Reading",
    "ReadingProvider",
    "Verdict",
    "check_claim",
    "parse_claim",
]
