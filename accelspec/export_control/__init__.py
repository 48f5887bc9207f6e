"""Export-control figures: TPP, performance density and rule-versioned 3A090 classification.

**Not legal advice.** Everything here is computed, for information, from the catalog's public
figures, and every result says which figures and which threshold it used. Whether an export needs
a licence depends on much more (destination, end user, the exact product, later rules, licences
granted); ask counsel or BIS.

- :mod:`~accelspec.export_control.rules`: the rule editions as data and
  :func:`classify_figures` on plain numbers;
- :mod:`~accelspec.export_control.tpp`: :func:`tpp`, :func:`tpp_range`,
  :func:`performance_density`, :func:`system_tpp`;
- :mod:`~accelspec.export_control.classify`: :func:`classify`, :func:`what_would_it_take`.
"""

from accelspec.export_control.classify import (
    Classification,
    Crossing,
    WhatItTakes,
    classify,
    what_would_it_take,
)
from accelspec.export_control.rules import RULES, RuleEdition, Threshold, Verdict, classify_figures, get_rule
from accelspec.export_control.tpp import (
    BIT_LENGTHS,
    TPPCandidate,
    TPPResult,
    performance_density,
    system_tpp,
    tpp,
    tpp_range,
)

__all__ = [
    "BIT_LENGTHS",
    "RULES",
    "Classification",
    "Crossing",
    "RuleEdition",
    "TPPCandidate",
    "TPPResult",
    "Threshold",
    "Verdict",
    "WhatItTakes",
    "classify",
    "classify_figures",
    "get_rule",
    "performance_density",
    "system_tpp",
    "tpp",
    "tpp_range",
    "what_would_it_take",
]
