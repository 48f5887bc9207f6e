"""Device names and PCI ids pinned to their sources; peak_flops and MFU properties."""

from __future__ import annotations

import sys
import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accelspec as acs
from accelspec import Q_
from accelspec.identity import device_rows, identify

# (string as the runtime prints it, catalog id, source id) - read from the cited documents
NAMES = [
    ("NVIDIA H100 80GB HBM3", "nvidia-h100-sxm", "pytorch-pr-194276"),
    ("NVIDIA H100 PCIe", "nvidia-h100-pcie", "pytorch-issue-90761"),
    ("NVIDIA A100-SXM4-40GB", "nvidia-a100-sxm-40gb", "composer-pr-2265"),
    ("NVIDIA A100-SXM4-80GB", "nvidia-a100-sxm-80gb", "aiconfigurator-pr-55"),
    ("NVIDIA H20", "nvidia-h20", "sglang-pr-11052"),
    ("NVIDIA B200", "nvidia-b200", "pytorch-test-infra-7631"),
    ("NVIDIA GB200", "nvidia-gb200-gpu", "marin-pr-7328"),
    ("NVIDIA B300 SXM6 AC", "nvidia-b300", "olmo-core-pr-817"),
    ("AMD Instinct MI300X", "amd-mi300x", "rocm-issue-4414"),
    ("Ascend910B2", "huawei-ascend-910b2", "candle-pr-110"),
    ("TPU v5 lite", "google-tpu-v5e", "marin-device-flops-012111e"),
]
# (PCI id, catalog id, source) - pci.ids at pciutils/pciids c1c12547; Huawei's log collector
PCI = [
    ("10de:2330", "nvidia-h100-sxm", "pciids-2026-08"),
    ("10de:20b2", "nvidia-a100-sxm-80gb", "pciids-2026-08"),
    ("10de:20b0", "nvidia-a100-sxm-40gb", "pciids-2026-08"),
    ("10de:2329", "nvidia-h20", "pciids-2026-08"),
    ("10de:2335", "nvidia-h200-sxm", "pciids-2026-08"),
    ("1002:74a1", "amd-mi300x", "pciids-2026-08"),
    ("1da3:1060", "intel-gaudi3", "pciids-2026-08"),
    ("19e5:d801", "huawei-ascend-910", "huawei-ascend-log-collector-2025"),
    ("19e5:d803", "huawei-ascend-910c", "huawei-ascend-log-collector-2025"),
]


@pytest.mark.parametrize(("name", "eid", "source"), NAMES)
def test_runtime_names_resolve_to_their_sourced_sku(name: str, eid: str, source: str) -> None:
    assert acs.from_device_name(name).id == eid
    assert source in {s.id for s in identify(name).sources}


@pytest.mark.parametrize(("pci", "eid", "source"), PCI)
def test_pci_ids_resolve_to_their_sourced_sku(pci: str, eid: str, source: str) -> None:
    assert acs.from_pci_id(pci).id == eid
    assert acs.from_pci_id(pci.upper().replace(":", ": 0x")).id == eid  # hex case and 0x ignored
    assert source in {s.id for s in identify(pci).sources}


def test_gb200_is_never_the_hgx_b200_and_b200_is_no_substring() -> None:
    assert acs.from_device_name("NVIDIA GB200").id != acs.from_device_name("NVIDIA B200").id
    with pytest.raises(acs.UnknownAcceleratorError):
        acs.from_device_name("b200 in a box")


def test_shared_ids_are_ambiguous_with_candidates() -> None:
    with pytest.raises(acs.AmbiguousNameError) as info:
        acs.from_pci_id("19e5:d802")
    assert "huawei-ascend-910b2" in info.value.candidates
    with pytest.raises(acs.AmbiguousNameError):
        acs.from_device_name("Ascend910")


def test_a_variant_without_entry_names_its_family() -> None:
    with pytest.raises(acs.UnknownAcceleratorError) as info:
        acs.from_device_name("Ascend910B3")
    assert info.value.suggestions == ("huawei-ascend-910b",)


@pytest.mark.parametrize("bad", ["10de", "10de:23", "zzzz:2330", "10de:2330:1"])
def test_malformed_pci_ids_are_refused(bad: str) -> None:
    with pytest.raises((acs.InvalidArgumentError, acs.UnknownAcceleratorError)):
        acs.from_pci_id(bad)


def test_non_strings_are_refused() -> None:
    for f in (acs.from_device_name, acs.from_pci_id, identify):
        with pytest.raises(acs.InvalidArgumentError):
            f(42)  # type: ignore[arg-type]
    with pytest.raises(acs.InvalidArgumentError):
        acs.peak_flops(3.0, "bf16")  # type: ignore[arg-type]


def test_unknown_pci_id_and_catalog_names_fall_back_exactly() -> None:
    with pytest.raises(acs.UnknownAcceleratorError):
        acs.from_pci_id("10de:0000")
    with pytest.raises(acs.UnknownAcceleratorError):
        identify("no such device")
    assert acs.from_device_name("H200 NVL").id == "nvidia-h200-nvl"


def test_every_row_points_at_a_catalog_entry() -> None:
    ids = set(acs.catalog().ids)
    for row in device_rows().values():
        for eid in filter(None, [row.accelerator, row.family, *row.candidates]):
            assert eid in ids, (row.key, eid)
        assert row.sources


def _fake_torch(name: str) -> types.ModuleType:
    torch = types.ModuleType("torch")
    cuda = types.SimpleNamespace(is_available=lambda: True, get_device_name=lambda i=0: name)
    torch.cuda = cuda  # type: ignore[attr-defined]
    return torch


def test_current_device_reads_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", _fake_torch("NVIDIA H100 80GB HBM3"))
    assert acs.current_device().id == "nvidia-h100-sxm"


def test_current_device_reads_jax_when_torch_sees_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    torch = types.ModuleType("torch")
    torch.cuda = types.SimpleNamespace(is_available=lambda: False)  # type: ignore[attr-defined]
    jax = types.ModuleType("jax")
    jax.devices = lambda: [types.SimpleNamespace(platform="gpu", device_kind="NVIDIA GB200")]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "torch", torch)
    monkeypatch.setitem(sys.modules, "jax", jax)
    assert acs.current_device().id == "nvidia-gb200-gpu"


def test_current_device_without_any_framework(monkeypatch: pytest.MonkeyPatch) -> None:
    import accelspec.identity as ident

    monkeypatch.setattr(ident, "_optional", lambda name: None)
    with pytest.raises(acs.UnknownAcceleratorError):
        acs.current_device()


def test_optional_finds_nothing_for_an_absent_module() -> None:
    from accelspec.identity import _optional

    assert _optional("accelspec_no_such_framework") is None


# -- peak_flops and mfu ----------------------------------------------------------------------

def test_peak_flops_is_the_dense_catalog_figure_with_provenance() -> None:
    p = acs.peak_flops("NVIDIA H100 80GB HBM3", "bf16")
    assert p.to("TFLOP/s").magnitude == pytest.approx(989.5)  # H100 SXM datasheet: 1,979 sparse / 2
    assert p.accelerator == "nvidia-h100-sxm" and p.field == "bf16"
    assert p.provenance.chosen.derived_from == "bf16:sparse"
    sparse = acs.peak_flops("10de:2330", "bf16", sparse=True)
    assert sparse.to("TFLOP/s").magnitude == pytest.approx(1979)
    with pytest.raises(acs.InvalidArgumentError):
        acs.peak_flops("H100", "bf16", sparse="yes")  # type: ignore[arg-type]


def test_a100_40gb_and_80gb_share_compute_but_not_bandwidth() -> None:
    a40 = acs.from_device_name("NVIDIA A100-SXM4-40GB")
    a80 = acs.from_device_name("NVIDIA A100-SXM4-80GB")
    assert acs.peak_flops(a40, "bf16").magnitude == pytest.approx(acs.peak_flops(a80, "bf16").magnitude)
    assert a40.memory.bandwidth.magnitude < a80.memory.bandwidth.magnitude


@settings(max_examples=25, deadline=None)
@given(st.floats(1e-3, 1e3), st.floats(0.1, 10))
def test_mfu_is_linear_in_achieved(tflops: float, k: float) -> None:
    one = acs.mfu(Q_(tflops, "TFLOP/s"), "H100 SXM", "bf16")
    assert acs.mfu(Q_(tflops * k, "TFLOP/s"), "H100 SXM", "bf16") == pytest.approx(k * one, rel=1e-9)


@settings(max_examples=25, deadline=None)
@given(st.floats(1e-3, 1e3))
def test_mfu_is_independent_of_units(tflops: float) -> None:
    ref = acs.mfu(Q_(tflops, "TFLOP/s"), "H100 SXM", "bf16")
    assert acs.mfu(Q_(tflops * 1e3, "GFLOP/s"), "H100 SXM", "bf16") == pytest.approx(ref)
    assert acs.mfu(Q_(tflops * 60, "TFLOP"), "H100 SXM", "bf16", time=Q_(1, "min")) == pytest.approx(ref)
    assert acs.mfu(Q_(tflops, "Tflop/s"), "10de:2330", "bf16") == pytest.approx(ref)


def test_mfu_worked_example() -> None:
    # 400 TFLOP/s achieved on an H100 SXM (989.5 dense BF16): 0.4042; on 2 chips, half
    assert acs.mfu(Q_(400, "TFLOP/s"), "H100 SXM", "bf16") == pytest.approx(400 / 989.5)
    assert acs.mfu(Q_(400, "TFLOP/s"), "H100 SXM", "bf16", n_chips=2) == pytest.approx(200 / 989.5)


@pytest.mark.parametrize("bad", [400.0, "400 TFLOP/s"])
def test_mfu_needs_a_quantity(bad: object) -> None:
    with pytest.raises(acs.UnitError):
        acs.mfu(bad, "H100 SXM", "bf16")


def test_mfu_refuses_wrong_dimensions_and_arguments() -> None:
    with pytest.raises(acs.UnitError):
        acs.mfu(Q_(4, "TB/s"), "H100 SXM", "bf16")
    with pytest.raises(acs.UnitError):
        acs.mfu(Q_(4, "TFLOP"), "H100 SXM", "bf16", time=Q_(0, "s"))
    with pytest.raises(acs.InvalidArgumentError):
        acs.mfu(Q_(4, "TFLOP/s"), "H100 SXM", "bf16", n_chips=0)


@pytest.mark.parametrize(("text", "problem"), [
    ("schema = 1\n[[name]\n", "cannot read"),
    ('[[name]]\nname = "X"\nbogus = 1\nsources = []\n', "unknown keys"),
    ('[[name]]\nname = "X"\nsources = []\n', "exactly one"),
    ('[[name]]\nname = "X"\naccelerator = "nvidia-h20"\nsources = ["nope"]\n', "unknown source"),
    ('[[pci]]\nid = "10de:2329"\naccelerator = "nvidia-h20"\nsources = []\n'
     '[[pci]]\nid = "10DE:2329"\naccelerator = "nvidia-h20"\nsources = []\n', "duplicate"),
])
def test_a_bad_identity_table_is_a_catalog_error(tmp_path: object, monkeypatch: pytest.MonkeyPatch,
                                                  text: str, problem: str) -> None:
    import pathlib

    import accelspec.identity as ident

    path = pathlib.Path(str(tmp_path)) / "devices.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(ident, "_path", lambda: path)
    monkeypatch.setattr(ident, "_ROWS", None)
    with pytest.raises(acs.CatalogError, match=problem):
        device_rows()
