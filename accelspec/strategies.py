"""Hypothesis strategies for accelspec objects, for our tests and for users' own.

Requires the ``hypothesis`` package (``pip install "accelspec[strategies]"``).

Every strategy is keyword-only, checks its arguments up front (a bad one is an
:class:`~accelspec.errors.InvalidArgumentError` at once, not a failure deep inside a test), and
generates values that pass the library's own validation. Quantities come in varied but equivalent
units (a bandwidth may be drawn in GB/s, TB/s, GiB/s or Gb/s), so properties test unit invariance
for free.

- values: :func:`quantities`, :func:`memories`, :func:`compute_ratings`
- whole specs: :func:`accelerators`, :func:`systems` (through the catalog loader)
- catalog files: :func:`catalog_entries` (TOML text of one entry), :func:`catalog_documents`
  (a whole file), :func:`catalogs` (loaded :class:`~accelspec.catalogs.Catalog` objects)
- workloads: :func:`models` (:class:`~accelspec.workloads.models.ModelSpec`), :func:`workloads`
  (decode, prefill and training workloads)

Importing this module registers :func:`accelerators`, :func:`memories`, :func:`models` and
:func:`workloads` with :func:`hypothesis.strategies.from_type`, so ``st.from_type(Accelerator)``
works too.

Examples
--------
A user's property test of their own metric::

    from hypothesis import given
    import accelspec.strategies as acst

    @given(acst.accelerators())
    def test_my_ridge_is_positive(acc):
        assert (acc.peak("bf16") / acc.memory.bandwidth).to("FLOP/B").magnitude > 0
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without hypothesis
    raise ImportError(
        "accelspec.strategies requires the hypothesis package: pip install 'accelspec[strategies]'"
    ) from exc

from collections.abc import Iterable

from accelspec.errors import InvalidArgumentError
from accelspec.fields import PRECISIONS, compute_unit
from accelspec.spec import Accelerator, Interconnect, Memory, Power, SourceKind, Status
from accelspec.units import Q_, parse_unit

__all__ = [
    "EQUIVALENT_UNITS", "OPTIONAL_FIELDS", "accelerators", "catalog_documents", "catalog_entries",
    "catalogs", "compute_ratings", "memories", "models", "quantities", "systems", "workloads",
]

#: Units a strategy may draw for a canonical unit (same dimension, different scale or prefix).
EQUIVALENT_UNITS: dict[str, tuple[str, ...]] = {
    "GB": ("GB", "GiB", "TB", "MB", "Gb"),
    "TB/s": ("TB/s", "GB/s", "GiB/s", "TiB/s", "Gb/s"),
    "GB/s": ("GB/s", "TB/s", "GiB/s", "Gb/s"),
    "TFLOP/s": ("TFLOP/s", "PFLOP/s", "GFLOP/s", "TFLOPS"),
    "TOP/s": ("TOP/s", "POP/s", "TOPS"),
    "W": ("W", "kW", "mW"),
    "mm^2": ("mm^2", "m^2"),
}


@lru_cache(maxsize=None)
def _factor(unit: str, target: str) -> float:
    """How many ``target`` make one ``unit`` (one pint conversion per pair, then cached)."""
    return float(Q_(1.0, parse_unit(unit)).to(parse_unit(target)).magnitude)


def quantities(unit: str, *, min_value: float = 1e-3, max_value: float = 1e6) -> st.SearchStrategy[Any]:
    """Positive quantities with the dimension of ``unit``, expressed in equivalent units.

    Parameters
    ----------
    unit : str
        The canonical unit, e.g. ``"TB/s"``; the magnitude range is in this unit.
    min_value, max_value : float
        Bounds in ``unit``; ``0 < min_value <= max_value``, both finite.
    """
    _check_bounds("quantities", "min_value", min_value, "max_value", max_value)
    base = parse_unit(unit)
    choices = EQUIVALENT_UNITS.get(unit, (unit,))

    def build(value: float, target: str) -> Any:
        return Q_(value * _factor(unit, target), parse_unit(target))

    return st.builds(
        build,
        st.floats(min_value=min_value, max_value=max_value, allow_nan=False, allow_infinity=False),
        st.sampled_from(choices),
    )


def memories(*, min_capacity_gb: float = 1.0, max_capacity_gb: float = 1024.0,
             min_bandwidth_tbs: float = 0.05, max_bandwidth_tbs: float = 30.0) -> st.SearchStrategy[Memory]:
    """:class:`~accelspec.spec.Memory` objects with capacity and bandwidth within bounds.

    Parameters
    ----------
    min_capacity_gb, max_capacity_gb : float
        Capacity bounds [GB].
    min_bandwidth_tbs, max_bandwidth_tbs : float
        Bandwidth bounds [TB/s].
    """
    _check_bounds("memories", "min_capacity_gb", min_capacity_gb, "max_capacity_gb", max_capacity_gb)
    _check_bounds("memories", "min_bandwidth_tbs", min_bandwidth_tbs, "max_bandwidth_tbs", max_bandwidth_tbs)
    return st.builds(
        Memory,
        capacity=quantities("GB", min_value=min_capacity_gb, max_value=max_capacity_gb),
        bandwidth=quantities("TB/s", min_value=min_bandwidth_tbs, max_value=max_bandwidth_tbs),
        type=st.sampled_from(["HBM2e", "HBM3", "HBM3e", "LPDDR5", "GDDR6"]),
    )


def compute_ratings(*, precisions: tuple[str, ...] = ("bf16", "fp8", "int8"),
                    sparse: bool | None = None,
                    min_tflops: float = 1.0, max_tflops: float = 20000.0) -> st.SearchStrategy[dict[str, Any]]:
    """Dicts of compute ratings: a dense matrix rate per precision, and, where ``sparse`` allows,
    a 2:4-sparse rate exactly twice the dense one.

    Parameters
    ----------
    precisions : tuple of str
        Precisions to include (each must be a known precision).
    sparse : bool or None
        ``True`` always adds sparse rates, ``False`` never, ``None`` draws per precision.
    min_tflops, max_tflops : float
        Bounds of the dense rates [TFLOP/s, or TOP/s for integer precisions].
    """
    _check_precisions("compute_ratings", precisions)
    _check_sparse("compute_ratings", sparse)
    _check_bounds("compute_ratings", "min_tflops", min_tflops, "max_tflops", max_tflops)

    # strategies are built once here, not on every draw (building one costs more than drawing)
    rates = {u: quantities(u, min_value=min_tflops, max_value=max_tflops) for u in ("TFLOP/s", "TOP/s")}

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for p in precisions:
            dense = draw(rates[compute_unit(p)])
            out[p] = dense
            with_sparse = draw(st.booleans()) if sparse is None else sparse
            if with_sparse:
                out[f"{p}:sparse"] = dense * 2
        return out

    return build()


def _check_bounds(where: str, lo_name: str, lo: object, hi_name: str, hi: object) -> None:
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lo, hi))
    if not numbers or not (0 < lo <= hi and math.isfinite(hi)):  # type: ignore[operator, arg-type]
        raise InvalidArgumentError(
            f"{where}(): need 0 < {lo_name} <= {hi_name} < inf (numbers), got {lo_name}={lo!r}, "
            f"{hi_name}={hi!r}")


def _check_precisions(where: str, precisions: object) -> None:
    if isinstance(precisions, str) or not isinstance(precisions, (tuple, list)) or not precisions:
        raise InvalidArgumentError(f"{where}(): precisions must be a non-empty tuple of precision "
                                   f"names from {PRECISIONS}, got {precisions!r}")
    unknown = [p for p in precisions if p not in PRECISIONS]
    if unknown:
        raise InvalidArgumentError(f"{where}(): unknown precision(s) {unknown}; known: {PRECISIONS}")


def _check_sparse(where: str, sparse: object) -> None:
    if sparse is not None and not isinstance(sparse, bool):
        raise InvalidArgumentError(f"{where}(): sparse must be True, False or None, got {sparse!r}")


def _check_status(where: str, status: object) -> None:
    if status is not None and status not in {s.value for s in Status}:
        raise InvalidArgumentError(f"{where}(): status must be None or one of "
                                   f"{[s.value for s in Status]}, got {status!r}")


def _check_vendor(where: str, vendor: object) -> None:
    if vendor is not None and (not isinstance(vendor, str) or not vendor.strip() or '"' in vendor
                               or "\\" in vendor or "\n" in vendor):
        raise InvalidArgumentError(f"{where}(): vendor must be None or a non-empty one-line name "
                                   f"without quotes or backslashes, got {vendor!r}")


def _check_common(where: str, precisions: object, sparse: object, status: object, vendor: object,
                  missing: object) -> frozenset[str]:
    _check_precisions(where, precisions)
    _check_sparse(where, sparse)
    _check_status(where, status)
    _check_vendor(where, vendor)
    return _check_missing(where, missing)


#: Fields :func:`accelerators`, :func:`catalog_entries` and :func:`catalogs` may leave out when
#: asked to (``missing=...``); they are then "not disclosed", as in the catalog.
OPTIONAL_FIELDS: tuple[str, ...] = (
    "memory.capacity", "memory.bandwidth", "tdp", "interconnect.bandwidth", "die_area",
)


def _check_missing(where: str, missing: object) -> frozenset[str]:
    if isinstance(missing, str) or not isinstance(missing, Iterable):
        raise InvalidArgumentError(f"{where}(): missing must be a collection of field names from "
                                   f"{OPTIONAL_FIELDS}, got {missing!r}")
    out = frozenset(missing)
    unknown = sorted(str(m) for m in out - set(OPTIONAL_FIELDS))
    if unknown:
        raise InvalidArgumentError(f"{where}(): missing names unknown field(s) {unknown}; "
                                   f"fields that may be missing: {OPTIONAL_FIELDS}")
    return out


def accelerators(*, precisions: tuple[str, ...] = ("bf16", "fp8", "int8"),
                 sparse: bool | None = None,
                 status: str | None = None,
                 vendor: str | None = None,
                 missing: Iterable[str] = (),
                 die_area: bool = False) -> st.SearchStrategy[Accelerator]:
    """Whole :class:`~accelspec.spec.Accelerator` objects with memory, compute, TDP and
    interconnect, which pass the library's validation.

    Parameters
    ----------
    precisions : tuple of str
        Precisions given a dense matrix rate.
    sparse : bool or None
        Whether 2:4-sparse rates (twice the dense ones) are present: always, never, or drawn.
    status : str or None
        Fix the status, or draw it.
    vendor : str or None
        Fix the vendor, or draw it.
    missing : collection of str
        Fields (from :data:`OPTIONAL_FIELDS`) each drawn present or not disclosed; the others are
        always present (``die_area`` only when ``die_area=True``).
    die_area : bool
        Give a die area [mm²] (50 to 1,500), as export-control density needs.
    """
    may_miss = _check_common("accelerators", precisions, sparse, status, vendor, missing)
    memory_s = memories()
    compute_s = compute_ratings(precisions=precisions, sparse=sparse)
    tdp_s = quantities("W", min_value=10, max_value=5000)
    link_s = quantities("GB/s", min_value=1, max_value=5000)
    area_s = quantities("mm^2", min_value=50, max_value=1500)

    @st.composite
    def build(draw: st.DrawFn) -> Accelerator:
        def present(field: str) -> bool:
            return field not in may_miss or draw(st.booleans())

        n = draw(st.integers(min_value=0, max_value=10**6))
        mem = draw(memory_s)
        # a field left out takes its default: NotDisclosed, exactly as in a catalog entry
        memory: dict[str, Any] = {"type": mem.type}
        if present("memory.capacity"):
            memory["capacity"] = mem.capacity
        if present("memory.bandwidth"):
            memory["bandwidth"] = mem.bandwidth
        power: dict[str, Any] = {"scope": "card"}
        if present("tdp"):
            power["tdp"] = draw(tdp_s)
        link: dict[str, Any] = {"direction": "bidirectional"}
        if present("interconnect.bandwidth"):
            link["bandwidth"] = draw(link_s)
        extra: dict[str, Any] = {}
        if die_area and present("die_area"):
            extra["die_area"] = draw(area_s)
        return Accelerator(
            id=f"synthetic-{n}",
            name=f"Synthetic {n}",
            vendor=vendor or draw(st.sampled_from(["Acme", "Example", "Test"])),
            status=status or draw(st.sampled_from([s.value for s in Status])),
            memory=Memory(**memory),
            compute=draw(compute_s),
            power=Power(**power),
            interconnect=Interconnect(**link),
            **extra,
        )

    return build()


# -- catalog files as TOML text ------------------------------------------------------------------

#: Alias texts drawn for generated entries: Chinese names, full-width and accented forms.
_ALIAS_WORDS = ("加速卡", "昇腾", "思元", "ＡＣＭＥ", "Ｘ", "Accél", "Ascend", "卡", "Ω", "x")


def _toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _value_row(draw: st.DrawFn, field: str, canonical: str, lo: float, hi: float, source: str,
               extra: str = "") -> str:
    """One spec row with a value drawn in [lo, hi] canonical units, written in a drawn unit."""
    value = draw(st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False))
    unit = draw(st.sampled_from(EQUIVALENT_UNITS[canonical]))
    magnitude = value * _factor(canonical, unit)
    return (f'{{ field = "{field}", value = {magnitude!r}, unit = "{unit}", source = "{source}"'
            f'{extra} }}')


def _entry_text(draw: st.DrawFn, i: int, *, source: str, precisions: tuple[str, ...],
                sparse: bool | None, status: str | None, vendor: str | None,
                missing: frozenset[str]) -> str:
    def present(field: str) -> bool:
        return field not in missing or draw(st.booleans())

    rows = []
    if present("memory.capacity"):
        rows.append(_value_row(draw, "memory.capacity", "GB", 1, 1024, source))
    if present("memory.bandwidth"):
        rows.append(_value_row(draw, "memory.bandwidth", "TB/s", 0.05, 30, source))
    for p in precisions:
        with_sparse = draw(st.booleans()) if sparse is None else sparse
        if with_sparse and draw(st.booleans()):
            # the vendor printed only the sparse figure: dense is derived, with its arithmetic
            rows.append(_value_row(draw, f"{p}:sparse", compute_unit(p), 2, 40000, source))
            rows.append(f'{{ field = "{p}", from = "{p}:sparse", factor = 0.5, source = "{source}", '
                        f'note = "sparse figure halved" }}')
        else:
            rows.append(_value_row(draw, p, compute_unit(p), 1, 20000, source))
            if with_sparse:
                rows.append(f'{{ field = "{p}:sparse", from = "{p}", factor = 2, source = "{source}", '
                            f'note = "2:4 sparsity doubles the dense rate" }}')
    if present("tdp"):
        rows.append(_value_row(draw, "tdp", "W", 10, 5000, source, ', scope = "card"'))
    if present("interconnect.bandwidth"):
        rows.append(_value_row(draw, "interconnect.bandwidth", "GB/s", 1, 5000, source,
                               ', direction = "bidirectional"'))
    if "die_area" in missing and draw(st.booleans()):
        rows.append(_value_row(draw, "die_area", "mm^2", 50, 1500, source))
    word = draw(st.sampled_from(_ALIAS_WORDS))
    aliases = [f"{word} #{i}", f"{draw(st.sampled_from(_ALIAS_WORDS))}{i} #{i}"]
    the_vendor = vendor or draw(st.sampled_from(["Acme", "Example", "Test", "示例"]))
    the_status = status or draw(st.sampled_from([s.value for s in Status]))
    specs = ",\n  ".join(rows)
    return (f"[[accelerator]]\nid = \"synthetic-{i}\"\nname = {_toml_str(f'Synthetic {word} #{i}')}\n"
            f"vendor = {_toml_str(the_vendor)}\nstatus = \"{the_status}\"\n"
            f"aliases = [{', '.join(_toml_str(a) for a in aliases)}]\n"
            f"specs = [\n  {specs}\n]\n")


def _source_text(draw: st.DrawFn, sid: str) -> str:
    kind = draw(st.sampled_from([k.value for k in SourceKind if k is not SourceKind.ESTIMATE]))
    year = draw(st.integers(min_value=2015, max_value=2026))
    month = draw(st.integers(min_value=1, max_value=12))
    return (f'[[source]]\nid = "{sid}"\ntitle = "Generated document {sid}"\n'
            f'url = "https://example.org/{sid}"\npublisher = "Example"\n'
            f'date = "{year}-{month:02d}"\nkind = "{kind}"\n')


def catalog_entries(*, precisions: tuple[str, ...] = ("bf16", "fp8", "int8"),
                    sparse: bool | None = None, status: str | None = None,
                    vendor: str | None = None,
                    missing: Iterable[str] = ()) -> st.SearchStrategy[str]:
    """TOML text of one catalog file holding one ``[[source]]`` and one ``[[accelerator]]``.

    The text loads with :meth:`accelspec.catalogs.Catalog.from_text`. Values are written in
    drawn units (``GiB``, ``Gb/s``, ``PFLOP/s``...); dense rates are sometimes derived from a
    sparse figure with ``from``/``factor`` rows; aliases include Chinese and full-width text.
    Options as for :func:`accelerators`.
    """
    _check_common("catalog_entries", precisions, sparse, status, vendor, missing)
    return catalog_documents(precisions=precisions, sparse=sparse, status=status, vendor=vendor,
                             missing=missing, min_entries=1, max_entries=1, systems=False)


def catalog_documents(*, precisions: tuple[str, ...] = ("bf16", "fp8", "int8"),
                      sparse: bool | None = None, status: str | None = None,
                      vendor: str | None = None, missing: Iterable[str] = (),
                      min_entries: int = 1, max_entries: int = 4,
                      systems: bool = False) -> st.SearchStrategy[str]:
    """TOML text of a whole catalog file: a source, accelerators and, optionally, systems.

    Parameters
    ----------
    min_entries, max_entries : int
        How many ``[[accelerator]]`` entries (1 to 50).
    systems : bool
        Add one ``[[system]]`` made of some of the accelerators (memory then computes from
        its parts).
    precisions, sparse, status, vendor, missing
        As for :func:`accelerators`.
    """
    where = "catalog_documents"
    may_miss = _check_common(where, precisions, sparse, status, vendor, missing)
    counts_ok = all(isinstance(v, int) and not isinstance(v, bool) for v in (min_entries, max_entries))
    if not counts_ok or not 1 <= min_entries <= max_entries <= 50:
        raise InvalidArgumentError(f"{where}(): need 1 <= min_entries <= max_entries <= 50 (integers), "
                                   f"got {min_entries!r}, {max_entries!r}")
    if not isinstance(systems, bool):
        raise InvalidArgumentError(f"{where}(): systems must be True or False, got {systems!r}")

    @st.composite
    def build(draw: st.DrawFn) -> str:
        n = draw(st.integers(min_value=min_entries, max_value=max_entries))
        parts = ["schema = 1\n", _source_text(draw, "generated-src")]
        for i in range(n):
            parts.append(_entry_text(draw, i, source="generated-src", precisions=tuple(precisions),
                                     sparse=sparse, status=status, vendor=vendor, missing=may_miss))
        if systems:
            chosen = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
            rows = ", ".join(f'{{ accelerator = "synthetic-{i}", count = {draw(st.integers(1, 512))} }}'
                             for i in chosen)
            parts.append(f'[[system]]\nid = "synthetic-system"\nname = "Synthetic System"\n'
                         f'vendor = "Acme"\nstatus = "shipping"\nparts = [{rows}]\nspecs = []\n')
        return "\n".join(parts)

    return build()


def catalogs(**options: Any) -> st.SearchStrategy[Any]:
    """Loaded :class:`~accelspec.catalogs.Catalog` objects, from :func:`catalog_documents`.

    Every value went through the catalog loader's own validation; options are those of
    :func:`catalog_documents`.
    """
    from accelspec.catalogs import Catalog

    return catalog_documents(**options).map(lambda text: Catalog.from_text(text, "<generated>"))


def systems(*, max_parts: int = 4) -> st.SearchStrategy[Accelerator]:
    """System entries (a server, rack or supernode made of parts), built by the catalog loader.

    A system's memory is computed as count x each part's figure, exactly as for the packaged
    systems. To reach the parts too, draw from ``catalogs(systems=True)`` instead.

    Parameters
    ----------
    max_parts : int
        The most accelerators a generated catalog holds for the system to draw from (1 to 50).
    """
    if not isinstance(max_parts, int) or isinstance(max_parts, bool) or not 1 <= max_parts <= 50:
        raise InvalidArgumentError(f"systems(): max_parts must be an integer from 1 to 50, got {max_parts!r}")
    return catalogs(systems=True, max_entries=max_parts).map(lambda cat: cat["synthetic-system"])


# -- workloads -------------------------------------------------------------------------------------

def models(*, moe: bool | None = None, kv: str | None = None,
           min_parameters: float = 1e8, max_parameters: float = 2e12) -> st.SearchStrategy[Any]:
    """:class:`~accelspec.workloads.models.ModelSpec` objects (decoder-only language models).

    Parameters
    ----------
    moe : bool or None
        Mixture of experts (active parameters below the total): always, never, or drawn.
    kv : {"heads", "width", "bytes"} or None
        How the KV cache is sized: from ``kv_heads`` x ``head_dim``, from a ``kv_width`` (as
        for multi-head latent attention), or from a published ``kv_bytes_per_token``; ``None``
        draws it.
    min_parameters, max_parameters : float
        Bounds of the total parameter count (a plain count).
    """
    _check_bounds("models", "min_parameters", min_parameters, "max_parameters", max_parameters)
    if moe is not None and not isinstance(moe, bool):
        raise InvalidArgumentError(f"models(): moe must be True, False or None, got {moe!r}")
    kinds = ("heads", "width", "bytes")
    if kv is not None and kv not in kinds:
        raise InvalidArgumentError(f"models(): kv must be None or one of {kinds}, got {kv!r}")
    from accelspec.workloads.models import ModelSpec

    @st.composite
    def build(draw: st.DrawFn) -> ModelSpec:
        total = draw(st.floats(min_value=min_parameters, max_value=max_parameters))
        is_moe = draw(st.booleans()) if moe is None else moe
        active = total * draw(st.floats(0.01, 0.5)) if is_moe else None
        how = kv or draw(st.sampled_from(kinds))
        sizing: dict[str, Any] = {}
        if how == "heads":
            sizing = {"kv_heads": draw(st.integers(1, 128)), "head_dim": draw(st.sampled_from([64, 96, 128, 256]))}
        elif how == "width":
            sizing = {"kv_width": draw(st.integers(64, 65536))}
        else:
            sizing = {"kv_bytes_per_token": Q_(draw(st.floats(1e3, 1e7)), parse_unit("B/token"))}
        return ModelSpec(
            name=f"Generated {total:.3g}",
            parameters=total,
            active_parameters=active,
            layers=draw(st.integers(1, 160)),
            hidden_size=draw(st.integers(256, 32768)),
            weight_precision=draw(st.sampled_from(["bf16", "fp16", "fp8", "int8", "int4", "fp4"])),
            kv_precision=draw(st.sampled_from(["bf16", "fp16", "fp8"])),
            **sizing,
        )

    return build()


def workloads(*, kinds: tuple[str, ...] = ("decode", "prefill", "training"),
              model: st.SearchStrategy[Any] | None = None) -> st.SearchStrategy[Any]:
    """LLM workloads for :func:`~accelspec.workloads.relative_performance`.

    Parameters
    ----------
    kinds : tuple of {"decode", "prefill", "training"}
        Which workloads to draw (:class:`~accelspec.workloads.llm.Decode`, :class:`~accelspec.workloads.llm.Prefill`,
        :class:`~accelspec.workloads.llm.Training`).
    model : strategy or None
        Where models come from; default :func:`models`.
    """
    allowed = ("decode", "prefill", "training")
    if isinstance(kinds, str) or not isinstance(kinds, (tuple, list)) or not kinds or any(
            k not in allowed for k in kinds):
        raise InvalidArgumentError(f"workloads(): kinds must be a non-empty tuple from {allowed}, got {kinds!r}")
    if model is not None and not isinstance(model, st.SearchStrategy):
        raise InvalidArgumentError(f"workloads(): model must be a hypothesis strategy, got {model!r}")
    from accelspec.workloads.llm import Decode, Prefill, Training

    m = models() if model is None else model
    options = {
        "decode": st.builds(Decode, model=m, batch=st.integers(1, 1024), context=st.integers(0, 131072)),
        "prefill": st.builds(Prefill, model=m, prompt_tokens=st.integers(1, 131072),
                             batch=st.integers(1, 64)),
        "training": st.builds(Training, model=m, tokens=st.floats(1e6, 2e13),
                              utilisation=st.floats(0.05, 1.0)),
    }
    return st.one_of(*(options[k] for k in kinds))


def _register() -> None:
    from accelspec.workloads.llm import Decode, Prefill, Training
    from accelspec.workloads.models import ModelSpec

    st.register_type_strategy(Accelerator, accelerators())
    st.register_type_strategy(Memory, memories())
    st.register_type_strategy(ModelSpec, models())
    st.register_type_strategy(Decode, workloads(kinds=("decode",)))
    st.register_type_strategy(Prefill, workloads(kinds=("prefill",)))
    st.register_type_strategy(Training, workloads(kinds=("training",)))


_register()
