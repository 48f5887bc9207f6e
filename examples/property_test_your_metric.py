"""Property-test your own metric with accelspec's hypothesis strategies.

You wrote a ridge-point helper for your simulator. Does it survive inputs in other units, and
chips that do not disclose a figure? ``accelspec.strategies`` draws quantities in varied but
equivalent units (TB/s, GB/s, GiB/s, Gb/s...) and accelerators with fields left undisclosed, so
such bugs show up as falsifying examples. In a real project the ``check_*`` functions below are
pytest tests; here they run as a script.

Run: python examples/property_test_your_metric.py   (needs: pip install "accelspec[strategies]")
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

import accelspec as acs
import accelspec.strategies as acst
from accelspec.errors import MissingSpecError

# -- the code under test: yours ---------------------------------------------------------------


def ridge_point_naive(peak: Any, bandwidth: Any) -> float:
    """FLOP per byte, written assuming TFLOP/s and TB/s (a bug waiting for a GB/s input)."""
    return float(peak.magnitude / bandwidth.magnitude)


def ridge_point(peak: Any, bandwidth: Any) -> Any:
    """FLOP per byte at which a chip stops being memory-bound, with units checked."""
    return (peak / bandwidth).to("FLOP/B")


def bandwidth_per_watt(acc: acs.Accelerator) -> Any:
    """GB/s of memory bandwidth per watt; raises MissingSpecError when a figure is undisclosed."""
    return (acc.memory.bandwidth / acc.power.tdp).to("GB/s/W")


# -- the properties ----------------------------------------------------------------------------

FEW = settings(max_examples=50, database=None, deadline=None)


@FEW
@given(peak=acst.quantities("TFLOP/s", min_value=1, max_value=5000),
       bandwidth=acst.quantities("TB/s", min_value=0.1, max_value=20))
def check_naive_is_unit_invariant(peak: Any, bandwidth: Any) -> None:
    canonical = ridge_point_naive(peak.to("TFLOP/s"), bandwidth.to("TB/s"))
    assert abs(ridge_point_naive(peak, bandwidth) - canonical) <= 1e-9 * canonical


@FEW
@given(peak=acst.quantities("TFLOP/s", min_value=1, max_value=5000),
       bandwidth=acst.quantities("TB/s", min_value=0.1, max_value=20))
def check_ridge_is_unit_invariant(peak: Any, bandwidth: Any) -> None:
    canonical = ridge_point(peak.to("TFLOP/s"), bandwidth.to("TB/s"))
    assert abs((ridge_point(peak, bandwidth) - canonical).magnitude) <= 1e-9 * canonical.magnitude


@FEW
@given(acst.accelerators(precisions=("bf16",)))
def check_ridge_agrees_with_accelspec(acc: acs.Accelerator) -> None:
    mine = ridge_point(acc.peak("bf16"), acc.memory.bandwidth)
    theirs = acs.metrics.get_metric("ridge:bf16")(acc)
    assert abs((mine - theirs).to("FLOP/B").magnitude) <= 1e-9 * mine.magnitude


@FEW
@given(acst.accelerators(missing=("tdp", "memory.bandwidth")))
def check_undisclosed_figures_raise_rather_than_guess(acc: acs.Accelerator) -> None:
    try:
        value = bandwidth_per_watt(acc)
    except MissingSpecError:
        assert not (acc.has("tdp") and acc.has("memory.bandwidth"))
    else:
        assert value.magnitude > 0 and value.check("[information] / [time] / [power]")


def main() -> None:
    try:
        check_naive_is_unit_invariant()
    except AssertionError:
        print("ridge_point_naive: falsified, as expected (a bandwidth drawn in GB/s or Gb/s breaks it)")
    else:  # pragma: no cover - would mean the strategies stopped varying units
        raise SystemExit("the naive ridge point should have been falsified")
    check_ridge_is_unit_invariant()
    print("ridge_point: unit invariant over 50 drawn unit combinations")
    check_ridge_agrees_with_accelspec()
    print("ridge_point: agrees with accelspec's ridge:bf16 on 50 generated accelerators")
    check_undisclosed_figures_raise_rather_than_guess()
    print("bandwidth_per_watt: raises MissingSpecError whenever a figure is undisclosed")
    h20 = acs.get("H20")
    print(f"H20 ridge point: {ridge_point(h20.peak('bf16'), h20.memory.bandwidth):.1f~P}"
          f" (dense BF16 {h20.peak('bf16'):~P} / {h20.memory.bandwidth:~P})")


if __name__ == "__main__":
    main()
