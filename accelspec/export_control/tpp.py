"""Export-control figures: TPP, performance density and rule-versioned 3A090 classification.

**Not legal advice.** Everything here is computed, for information, from the catalog's public
figures, and every result says which figures and which threshold it used. Whether an export needs
a licence depends on much more (destination, end user, the exact product, later rules, licences
granted); ask counsel or BIS.

What is computed here (classification is in :mod:`accelspec.export_control.classify`)
----------------
- :func:`tpp`: *total processing performance* (ECCN 3A090 technical note, 88 FR 73458):
  ``2 x MacTOPS x bit length``, which on a datasheet is the **dense** peak TOPS or TFLOPS times the
  bit length of the operation. Each precision with a dense rate gives one product; the highest
  counts (they are not summed). A 2:4-sparse figure is never used, nor halved into a dense one.
  TPP figures published by analysts or governments (catalog field ``tpp.published``) come back
  beside the computed one in :attr:`TPPResult.published`, with a flag when they differ by more
  than 10 %.
- :func:`performance_density`: TPP / logic die area in mm² (HBM excluded).
- :data:`RULES`: the rule editions as data (2022, 2023, 2024, the April 2025 H20 letter, 2026),
  and :func:`classify` / :func:`classify_figures`, which state the class, whether the
  "designed or marketed for datacenters" condition mattered, and the reason with the numbers.
- :func:`what_would_it_take`: the TPP, die area or bandwidth at which a chip changes class.
- :func:`system_tpp`: the TPP of a system as the sum of its parts'.

Examples
--------
>>> import accelspec as acs
>>> r = tpp(acs.get("H100 SXM"))
>>> print(r)
TPP 15,832 = 989.5 TFLOP/s dense BF16 x 16 bits (nvidia-h100-sxm)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from accelspec.catalogs import resolve
from accelspec.formatting import format_number
from accelspec.errors import InvalidArgumentError, MissingSpecError
from accelspec.fields import PRECISION_TABLE, PRECISIONS, compute_unit, parse_precision
from accelspec.spec import Accelerator, Claim, FrozenDict, NotDisclosed
from accelspec.units import to_unit

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = [
    "BIT_LENGTHS",
    "PUBLISHED_TOLERANCE",
    "TPPCandidate",
    "TPPResult",
    "performance_density",
    "system_tpp",
    "tpp",
    "tpp_range",
]

#: Bit length of one operation per precision, as TPP counts it.
#:
#: TF32 is counted at **32** bits. The technical note speaks only of the "bit length of the
#: operation" and names no format; TF32 operands are FP32 words (the tensor core rounds them to
#: 10 mantissa bits internally, 19 bits in all), and we found no BIS text counting it at 19. 32 is
#: also the reading under which NVIDIA's tensor cores give one TPP at every precision (A100:
#: 156 x 32 = 312 x 16 = 624 x 8 = 4,992). It is the higher, more-controlled reading: it decides
#: the TPP of chips whose TF32 rate equals their BF16 rate (AWS Trainium) or that publish only TF32
#: and INT8 (Enflame). Pass ``bit_lengths={"tf32": 19}`` to :func:`tpp` for the other reading.
BIT_LENGTHS: Mapping[str, int] = FrozenDict({p.name: p.bits for p in PRECISION_TABLE})

# On a tie the 16-bit product is reported (the figure datasheets and public TPP tables quote),
# then narrower formats, then wider; TF32 last because its bit length is the debatable one.
_TIE_ORDER = ("bf16", "fp16", "fp8", "int8", "fp6", "fp4", "int4", "fp32", "fp64", "tf32")
_TIE_REL = 1e-9

#: Relative difference between a published TPP and the computed one above which
#: :attr:`TPPResult.published_disagrees` is set (10 %, the catalog linter's tolerance too).
PUBLISHED_TOLERANCE = 0.10


# -- TPP ----------------------------------------------------------------------------------------

@attrs.frozen
class TPPCandidate:
    """One precision's contribution to TPP.

    Attributes
    ----------
    precision : str
        ``"bf16"``, ``"int8"``...
    field : str
        The catalog field read: the dense matrix rate (``"bf16"``) or, where the catalog has no
        matrix rate for the precision, the vector rate (``"fp32:vector"``).
    rate : pint.Quantity [TFLOP/s or TOP/s]
        The dense peak rate.
    bit_length : int
        Bits per operation.
    product : float
        ``rate x bit_length`` (dimensionless, the rule's unit).
    """

    precision: str
    field: str
    rate: Any
    bit_length: int
    product: float


@attrs.frozen
class TPPResult:
    """The TPP of one accelerator, with the inputs that produced it.

    Attributes
    ----------
    accelerator : str
        Catalog id.
    value : float
        TPP, dimensionless (dense TOPS or TFLOPS x bits; the rule's thresholds are 4,800 etc.).
        Per IC as the catalog states it (a multi-die package's rate is already its total).
    precision : str
        The precision that set it (on a tie see ``ties``).
    field, rate, bit_length
        The catalog field, dense rate [TFLOP/s or TOP/s] and bit length used.
    candidates : tuple of TPPCandidate
        Every product considered, widest precision first.
    ties : tuple of str
        Every precision whose product equals ``value`` (within 1e-9 relative).
    sparse_only : tuple of str
        Precisions the catalog gives only as 2:4-sparse figures; they contribute nothing.
    dies : int or None
        Logic dies in the package, when the catalog says.
    parts : tuple of (TPPResult, int)
        For a system: each part's TPP and count (``value`` is their sum; ``precision``, ``rate``
        and ``bit_length`` are those of the largest contributor, its rate times its count).
        Empty for a single IC.
    published : tuple of Claim
        The TPP figures analysts or governments have published for this entry (catalog field
        ``tpp.published``; each claim's ``value`` is dimensionless), kept beside the computed
        ``value`` and never replacing it. Empty when none is catalogued.
    estimated : bool
        Whether the rate that set ``value`` is itself an estimate inferred from a published TPP
        (a chip that publishes no rate, such as the MLU590): the computed TPP then only repeats
        the published one and confirms nothing.
    """

    accelerator: str
    value: float
    precision: str
    field: str
    rate: Any
    bit_length: int
    candidates: tuple[TPPCandidate, ...]
    ties: tuple[str, ...]
    sparse_only: tuple[str, ...] = ()
    dies: int | None = None
    parts: tuple[tuple[TPPResult, int], ...] = ()
    published: tuple[Claim, ...] = ()
    estimated: bool = False

    def published_ratios(self) -> tuple[float, ...]:
        """Each published TPP divided by the computed ``value`` (dimensionless), in catalog order."""
        return tuple(float(c.value.to("count").magnitude) / self.value for c in self.published)

    @property
    def published_disagrees(self) -> bool:
        """Whether any published TPP differs from the computed one by more than 10 %
        (:data:`PUBLISHED_TOLERANCE`, relative to the computed value)."""
        return any(abs(r - 1) > PUBLISHED_TOLERANCE for r in self.published_ratios())

    def per_die(self) -> float:
        """TPP divided by the number of logic dies (dimensionless).

        Raises
        ------
        MissingSpecError
            If the catalog does not give the die count.
        """
        if self.dies is None:
            raise MissingSpecError(self.accelerator, "dies", "needed for a per-die TPP")
        return self.value / self.dies

    def __str__(self) -> str:
        if self.parts:
            terms = " + ".join(f"{n} x {format_number(r.value)} ({r.accelerator})" for r, n in self.parts)
            return f"TPP {format_number(self.value)} = {terms} ({self.accelerator})"
        out = (f"TPP {format_number(self.value)} = {format_number(float(self.rate.magnitude))} "
               f"{self.rate.units:~P} dense {self.precision.upper()} x {self.bit_length} bits "
               f"({self.accelerator})")
        if self.estimated:
            out += " [estimate: the rate is inferred from a published TPP]"
        if self.published:
            pub = ", ".join(f"{format_number(float(c.value.to('count').magnitude))} ({c.source.id})"
                            for c in self.published)
            out += f"; published {pub}"
            if self.published_disagrees:
                out += f" - differs from the computed TPP by more than {PUBLISHED_TOLERANCE:.0%}"
        return out


def _bits(overrides: Mapping[str, int] | None) -> dict[str, int]:
    bits = dict(BIT_LENGTHS)
    for name, n in (overrides or {}).items():
        if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
            raise InvalidArgumentError(f"bit length for {name!r} must be a positive integer, got {n!r}")
        bits[parse_precision(name)] = n
    return bits


def tpp(acc: Accelerator | str, *, bit_lengths: Mapping[str, int] | None = None,
        catalog: Catalog | None = None) -> TPPResult:
    """Total processing performance of an accelerator, from its dense peak rates.

    For each precision with a dense matrix rate (or a vector rate where there is no matrix rate)
    the product ``rate [TFLOP/s or TOP/s] x bit length`` is formed; TPP is the highest. Matrix and
    vector rates are not added together.

    Parameters
    ----------
    acc : Accelerator or str
        The accelerator, or a name to look up in ``catalog`` (default: the packaged one).
    bit_lengths : Mapping[str, int], optional
        Overrides of :data:`BIT_LENGTHS`, e.g. ``{"tf32": 19}``.

    Returns
    -------
    TPPResult
        ``.value`` is dimensionless.

    Raises
    ------
    MissingSpecError
        If the catalog holds no dense rate at all (a sparse-only chip names the precision).
    """
    a = resolve(acc, catalog)
    if a.is_system:
        return _system(a.id, [(part.accelerator, part.count) for part in a.parts], bit_lengths, catalog,
                       a.claims("tpp.published"))
    bits = _bits(bit_lengths)
    cands: list[TPPCandidate] = []
    sparse_only: list[str] = []
    for p in PRECISIONS:
        field = p if p in a.compute else (f"{p}:vector" if f"{p}:vector" in a.compute else None)
        if field is None:
            if f"{p}:sparse" in a.compute:
                sparse_only.append(p)
            continue
        rate = to_unit(a.compute[field], compute_unit(p), what=f"{a.id} {field}")
        cands.append(TPPCandidate(p, field, rate, bits[p], float(rate.magnitude) * bits[p]))
    if not cands:
        if sparse_only:
            raise MissingSpecError(a.id, sparse_only[0] if len(sparse_only) == 1 else "compute",
                                   "only 2:4-sparse figures are published ("
                                   + ", ".join(f"{p}:sparse" for p in sparse_only)
                                   + "); TPP counts dense rates and never halves a sparse one")
        raise MissingSpecError(a.id, "compute", "no compute rate is disclosed, so no TPP")
    best = max(c.product for c in cands)
    tied = [c for c in cands if math.isclose(c.product, best, rel_tol=_TIE_REL)]
    chosen = min(tied, key=lambda c: _TIE_ORDER.index(c.precision))
    dies = None if isinstance(a.dies, NotDisclosed) else int(round(float(a.dies.magnitude)))
    prov = a.provenance.get(chosen.field)
    estimated = prov is not None and prov.chosen.derived_from == "tpp.published"
    return TPPResult(a.id, best, chosen.precision, chosen.field, chosen.rate, chosen.bit_length,
                     tuple(cands), tuple(c.precision for c in tied), tuple(sparse_only), dies,
                     published=a.claims("tpp.published"), estimated=estimated)


def tpp_range(acc: Accelerator | str, *, bit_lengths: Mapping[str, int] | None = None,
              catalog: Catalog | None = None) -> tuple[float, float, float]:
    """(low, chosen, high) TPP over the catalog's conflicting claims (dimensionless).

    ``low`` is the TPP with every rate at its lowest claim, ``high`` at its highest.

    """
    a = resolve(acc, catalog)
    r = tpp(a, bit_lengths=bit_lengths, catalog=catalog)
    if r.parts:
        ranges = [(tpp_range(part.accelerator, bit_lengths=bit_lengths, catalog=catalog), n)
                  for part, n in r.parts]
        return (sum(lo * n for (lo, _, _), n in ranges), r.value, sum(hi * n for (_, _, hi), n in ranges))
    lows, highs = [], []
    for c in r.candidates:
        lo, _, hi = a.range(c.field)
        unit = compute_unit(c.precision)
        lows.append(float(to_unit(lo, unit, what=c.field).magnitude) * c.bit_length)
        highs.append(float(to_unit(hi, unit, what=c.field).magnitude) * c.bit_length)
    return max(lows), r.value, max(highs)


def performance_density(acc: Accelerator | str, *, bit_lengths: Mapping[str, int] | None = None,
                        catalog: Catalog | None = None) -> float:
    """Performance density: TPP / logic die area in mm² (the rule's unit; thresholds 1.6, 3.2, 5.92).

    The rule's "applicable die area" is the logic dies made on a non-planar (FinFET, GAA)
    process; the catalog's ``die_area`` is total logic die area, HBM excluded.

    Raises
    ------
    MissingSpecError
        Naming ``die_area`` when the catalog has no sourced die area: it is never guessed.
    """
    a = resolve(acc, catalog)
    area = _area_mm2(a)
    return tpp(a, bit_lengths=bit_lengths, catalog=catalog).value / area


def _area_mm2(a: Accelerator) -> float:
    if a.is_system:
        raise MissingSpecError(a.id, "die_area", "a system has no die area; performance density "
                               "applies to its ICs")
    if isinstance(a.die_area, NotDisclosed):
        raise MissingSpecError(a.id, "die_area", "performance density = TPP / logic die area; "
                               "no sourced die area, and none is guessed")
    return float(to_unit(a.die_area, "mm^2", what=f"{a.id} die_area").magnitude)


def system_tpp(parts: Sequence[tuple[Accelerator | str, int]], *,
               bit_lengths: Mapping[str, int] | None = None, catalog: Catalog | None = None) -> float:
    """TPP of a system: the sum of its parts' TPP times their counts (dimensionless).

    A catalog system (``acc.is_system``) gets the same from :func:`tpp`.

    Examples
    --------
    >>> import accelspec as acs
    >>> system_tpp([(acs.get("H20"), 8)])       # an 8-GPU HGX H20: 8 x 2,368
    18944.0
    """
    return _system("system", parts, bit_lengths, catalog).value


def _system(sid: str, parts: Sequence[tuple[Accelerator | str, int]],
            bit_lengths: Mapping[str, int] | None, catalog: Catalog | None,
            published: tuple[Claim, ...] = ()) -> TPPResult:
    if not parts:
        raise InvalidArgumentError("a system needs at least one (accelerator, count) part")
    results: list[tuple[TPPResult, int]] = []
    for acc, count in parts:
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise InvalidArgumentError(f"count must be a positive integer, got {count!r}")
        results.append((tpp(acc, bit_lengths=bit_lengths, catalog=catalog), count))
    top, n = max(results, key=lambda rn: rn[0].value * rn[1])
    return TPPResult(sid, sum(r.value * k for r, k in results), top.precision, top.field,
                     top.rate * n, top.bit_length, (), top.ties if len(results) == 1 else (),
                     parts=tuple(results), published=published,
                     estimated=any(r.estimated for r, _ in results))


