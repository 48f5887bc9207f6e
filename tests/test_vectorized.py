"""Vectorized sweeps agree with the scalar metrics, whatever units the arrays come in."""

from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")

import accelspec as acs  # noqa: E402
from accelspec.metrics import get_metric  # noqa: E402
from accelspec.vectorized import decode_bounds, gather, ridge_points, to_magnitudes  # noqa: E402

CHIPS = ["H20", "H200", "H100 SXM", "Ascend 910C", "MI300X"]


def test_ridge_points_match_the_scalar_metric_per_chip() -> None:
    accs = [acs.get(c) for c in CHIPS]
    peaks = acs.Q_(np.array([a.peak("bf16").to("TFLOP/s").magnitude for a in accs]), "TFLOP/s")
    ridges = ridge_points(peaks, gather(accs, "memory.bandwidth"))
    expected = [get_metric("ridge:bf16")(a).to("FLOP/B").magnitude for a in accs]
    assert ridges.magnitude == pytest.approx(expected)


def test_results_do_not_depend_on_input_units() -> None:
    rng = np.random.default_rng(1)
    p, b = rng.uniform(10, 5000, 1000), rng.uniform(0.1, 10, 1000)
    base = ridge_points(acs.Q_(p, "TFLOP/s"), acs.Q_(b, "TB/s"))
    other = ridge_points(acs.Q_(p / 1000, "PFLOP/s"), acs.Q_(b * 8000, "Gb/s"))
    assert other.magnitude == pytest.approx(base.magnitude)
    assert (base.magnitude == pytest.approx(p / b)) and str(base.units) == "FLOP/B"


def test_decode_bounds_are_bandwidth_over_bytes() -> None:
    # 4.8 TB/s over 70 GB of FP8 weights: 68.6 tokens/s (batch 1)
    out = decode_bounds(acs.Q_(np.array([4.8, 4.0]), "TB/s"), acs.Q_(np.array([70.0, 70.0]), "GB"))
    assert out.to("token/s").magnitude == pytest.approx([4800 / 70, 4000 / 70])


@pytest.mark.parametrize("bad", [[1.0, np.nan], [1.0, np.inf], [1.0, 0.0], [1.0, -2.0]])
def test_non_finite_or_non_positive_entries_are_refused(bad: list[float]) -> None:
    with pytest.raises(acs.UnitError):
        ridge_points(acs.Q_(np.array(bad), "TFLOP/s"), acs.Q_(np.array([1.0, 1.0]), "TB/s"))
    ridge_points(acs.Q_(np.array([1.0, 2.0]), "TFLOP/s"), acs.Q_(np.array([1.0, 1.0]), "TB/s"), check=False)


def test_wrong_dimension_and_bare_arrays_are_refused() -> None:
    with pytest.raises(acs.UnitError):
        ridge_points(acs.Q_(np.array([1.0]), "TB/s"), acs.Q_(np.array([1.0]), "TB/s"))
    with pytest.raises(acs.UnitError):
        to_magnitudes(np.array([1.0]), "TB/s", what="bandwidth")


def test_gather_names_the_chip_that_lacks_a_field() -> None:
    with pytest.raises(acs.MissingSpecError, match="cambricon-mlu590"):
        gather([acs.get("H20"), acs.get("MLU590")], "memory.bandwidth")
    with pytest.raises(acs.InvalidArgumentError):
        gather([], "memory.bandwidth")
