"""Hypothesis strategies for accelspec objects, for our tests and for users' own.

Requires the ``hypothesis`` package (``pip install "accelspec[strategies]"``).

Every strategy is keyword-only, checks its arguments up front, and generates values that pass the
library's own validation. Quantities come in varied but equivalent units (a bandwidth may be drawn
in GB/s, TB/s, GiB/s or Gb/s), so properties test unit invariance for free.

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
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without hypothesis
    raise ImportError(
        "accelspec.strategies requires the hypothesis package: pip install 'accelspec[strategies]'"
    ) from exc

from accelspec.fields import PRECISIONS, compute_unit
from accelspec.spec import Accelerator, Interconnect, Memory, Power, Status
from accelspec.units import Q_, parse_unit

__all__ = ["EQUIVALENT_UNITS", "accelerators", "compute_ratings", "memories", "quantities"]

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


def quantities(unit: str, *, min_value: float = 1e-3, max_value: float = 1e6) -> st.SearchStrategy[Any]:
    """Positive quantities with the dimension of ``unit``, expressed in equivalent units.

    Parameters
    ----------
    unit : str
        The canonical unit, e.g. ``"TB/s"``; the magnitude range is in this unit.
    min_value, max_value : float
        Bounds in ``unit``; ``0 < min_value <= max_value``, both finite.
    """
    if not (isinstance(min_value, (int, float)) and isinstance(max_value, (int, float))):
        raise TypeError("min_value and max_value must be numbers")
    if not (0 < min_value <= max_value and math.isfinite(max_value)):
        raise ValueError(f"need 0 < min_value <= max_value < inf, got {min_value!r}, {max_value!r}")
    base = parse_unit(unit)
    choices = EQUIVALENT_UNITS.get(unit, (unit,))

    def build(value: float, target: str) -> Any:
        q = Q_(value, base).to(parse_unit(target))
        return Q_(float(q.magnitude), parse_unit(target))

    return st.builds(
        build,
        st.floats(min_value=min_value, max_value=max_value, allow_nan=False, allow_infinity=False),
        st.sampled_from(choices),
    )


def memories(*, min_capacity_gb: float = 1.0, max_capacity_gb: float = 1024.0,
             min_bandwidth_tbs: float = 0.05, max_bandwidth_tbs: float = 30.0) -> st.SearchStrategy[Memory]:
    """:class:`~accelspec.spec.Memory` objects with capacity and bandwidth within bounds."""
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
    """
    unknown = [p for p in precisions if p not in PRECISIONS]
    if unknown or not precisions:
        raise ValueError(f"precisions must be a non-empty subset of {PRECISIONS}, got {precisions!r}")

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for p in precisions:
            dense = draw(quantities(compute_unit(p), min_value=min_tflops, max_value=max_tflops))
            out[p] = dense
            with_sparse = draw(st.booleans()) if sparse is None else sparse
            if with_sparse:
                out[f"{p}:sparse"] = dense * 2
        return out

    return build()


def accelerators(*, precisions: tuple[str, ...] = ("bf16", "fp8", "int8"),
                 sparse: bool | None = None,
                 status: str | None = None) -> st.SearchStrategy[Accelerator]:
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
    """
    if status is not None:
        Status(status)

    @st.composite
    def build(draw: st.DrawFn) -> Accelerator:
        n = draw(st.integers(min_value=0, max_value=10**6))
        return Accelerator(
            id=f"synthetic-{n}",
            name=f"Synthetic {n}",
            vendor=draw(st.sampled_from(["Acme", "Example", "Test"])),
            status=status or draw(st.sampled_from([s.value for s in Status])),
            memory=draw(memories()),
            compute=draw(compute_ratings(precisions=precisions, sparse=sparse)),
            power=Power(tdp=draw(quantities("W", min_value=10, max_value=5000)), scope="card"),
            interconnect=Interconnect(bandwidth=draw(quantities("GB/s", min_value=1, max_value=5000)),
                                      direction="bidirectional"),
        )

    return build()
