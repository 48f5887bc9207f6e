"""Tensor-, pipeline- and expert-parallel communication time (accelspec.workloads.parallel).

Expected values are worked by hand from the catalog's interconnect figures:
H100 SXM NVLink 4 900 GB/s both directions added (450 GB/s each way), Llama 2 70B 80 layers of
hidden 8192, Mixtral 8x7B 32 MoE layers of hidden 4096 with 2 of 8 experts per token.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accelspec as acs
from accelspec.errors import MissingSpecError, WorkloadError
from accelspec.workloads.llm import decode, prefill, training_time
from accelspec.workloads.models import LLAMA2_70B, MIXTRAL_8X7B
from accelspec.workloads.parallel import Parallel, communication, link_bandwidth, parallel_of
from accelspec.workloads.serving import Serving, predict, serve

H100 = "nvidia-h100-sxm"


def test_tp_all_reduce_by_hand() -> None:
    # 8 chips: 160 all-reduces x 2 x 7/8 x (64 x 8192 x 2 B) / 450e9 B/s
    c = communication(LLAMA2_70B, H100, Parallel(tp=8), tokens=64)
    expected = 160 * 2 * 7 / 8 * (64 * 8192 * 2) / 450e9
    assert c.time.to("s").magnitude == pytest.approx(expected, rel=1e-12)
    assert c.tp_time.magnitude == pytest.approx(expected) and c.pp_time.magnitude == 0.0
    assert c.bandwidth.to("GB/s").magnitude == pytest.approx(450.0)
    assert c.reading == "bidirectional figure halved" and c.time_if_bidirectional is None


def test_pp_point_to_point_by_hand() -> None:
    # 4 stages: 3 sends of 1000 x 8192 x 2 B at 450 GB/s
    c = communication(LLAMA2_70B, H100, (1, 4), tokens=1000)
    assert c.time.to("s").magnitude == pytest.approx(3 * 1000 * 8192 * 2 / 450e9, rel=1e-12)
    assert c.bytes.to("GB").magnitude == pytest.approx(3 * 1000 * 8192 * 2 / 1e9)


def test_ep_all_to_all_by_hand() -> None:
    # 8-way EP: 2 x 32 layers x (512/8) tokens x 2 experts x 4096 x 2 B x 7/8 / 450e9
    c = communication(MIXTRAL_8X7B, H100, {"ep": 8}, tokens=512)
    expected = 2 * 32 * (512 / 8) * 2 * 4096 * 2 * 7 / 8 / 450e9
    assert c.ep_time.to("s").magnitude == pytest.approx(expected, rel=1e-12)
    assert c.time.magnitude == pytest.approx(expected)


def test_training_doubles_the_passes() -> None:
    one = communication(LLAMA2_70B, H100, Parallel(tp=2), tokens=4096)
    two = communication(LLAMA2_70B, H100, Parallel(tp=2), tokens=4096, passes=2)
    assert two.time.magnitude == pytest.approx(2 * one.time.magnitude)


def test_one_chip_is_free_even_without_a_bandwidth() -> None:
    c = communication(LLAMA2_70B, "amd-mi300a", Parallel(), tokens=10_000)  # no link figure
    assert c.time.magnitude == 0.0 and "one chip" in c.reading
    with pytest.raises(MissingSpecError, match="interconnect"):
        communication(LLAMA2_70B, "amd-mi300a", Parallel(tp=8), tokens=1)


def test_unstated_direction_gives_both_readings() -> None:
    import attrs

    from accelspec.spec import Interconnect

    acc = attrs.evolve(acs.get(H100), interconnect=Interconnect(bandwidth=acs.Q_(700, "GB/s"), direction="unstated"))
    bw, reading, other = link_bandwidth(acc)
    assert bw.magnitude == 700 and other.magnitude == 350 and "unstated" in reading
    c = communication(LLAMA2_70B, acc, Parallel(tp=2), tokens=64)
    assert c.time_if_bidirectional.magnitude == pytest.approx(2 * c.time.magnitude)
    assert "both directions" in str(c)
    uni = attrs.evolve(acc, interconnect=Interconnect(bandwidth=acs.Q_(700, "GB/s"), direction="unidirectional"))
    assert link_bandwidth(uni)[0].magnitude == 700 and link_bandwidth(uni)[2] is None


@settings(max_examples=30, deadline=None)
@given(tokens=st.integers(1, 100_000), extra=st.integers(1, 100_000), tp=st.sampled_from([2, 4, 8]),
       pp=st.sampled_from([1, 2, 4]))
def test_monotone_in_message_size(tokens: int, extra: int, tp: int, pp: int) -> None:
    a = communication(LLAMA2_70B, H100, Parallel(tp=tp, pp=pp), tokens=tokens)
    b = communication(LLAMA2_70B, H100, Parallel(tp=tp, pp=pp), tokens=tokens + extra)
    assert b.time.magnitude > a.time.magnitude
    # linear in the message: twice the tokens, twice the time
    c = communication(LLAMA2_70B, H100, Parallel(tp=tp, pp=pp), tokens=2 * tokens)
    assert c.time.magnitude == pytest.approx(2 * a.time.magnitude)


@settings(max_examples=20, deadline=None)
@given(scale=st.floats(0.1, 10.0))
def test_inverse_in_bandwidth(scale: float) -> None:
    acc = acs.get(H100)
    faster = acc.with_(**{"interconnect.bandwidth": acc.value("interconnect.bandwidth") * scale})
    a = communication(LLAMA2_70B, acc, Parallel(tp=4), tokens=256)
    b = communication(LLAMA2_70B, faster, Parallel(tp=4), tokens=256)
    assert b.time.magnitude == pytest.approx(a.time.magnitude / scale, rel=1e-9)


def test_bad_input() -> None:
    for bad in (0, -1, 1.5, True):
        with pytest.raises(WorkloadError):
            Parallel(tp=bad)  # type: ignore[arg-type]
    with pytest.raises(WorkloadError, match="divide"):
        Parallel(tp=3, ep=2)
    with pytest.raises(WorkloadError, match="no experts"):
        communication(LLAMA2_70B, H100, Parallel(ep=2), tokens=1)
    with pytest.raises(WorkloadError, match="tokens"):
        communication(LLAMA2_70B, H100, Parallel(tp=2), tokens=-1)
    with pytest.raises(WorkloadError, match="activation_bytes"):
        communication(LLAMA2_70B, H100, Parallel(tp=2), tokens=1, activation_bytes=0)
    with pytest.raises(WorkloadError, match="parallel must be"):
        parallel_of("tp2")  # type: ignore[arg-type]
    with pytest.raises(WorkloadError, match="required"):
        communication(LLAMA2_70B, H100, None, tokens=1)  # type: ignore[arg-type]
    assert communication("llama2-70b", H100, (2,), tokens=64).time.magnitude > 0
    with pytest.raises(WorkloadError, match="multiple"):
        decode(LLAMA2_70B, H100, n_chips=3, parallel=(2,))
    with pytest.raises(WorkloadError, match="multiple"):
        serve(LLAMA2_70B, H100, 0, 100, n_chips=3, parallel=(2,))
    with pytest.raises(WorkloadError, match="overlap"):
        decode(LLAMA2_70B, H100, overlap="no")  # type: ignore[arg-type]
    assert str(Parallel(2, 1, 1)) == "TP2 PP1 EP1" and Parallel(tp=2, ep=4).n_chips == 4


def test_decode_adds_communication_to_the_step() -> None:
    free = decode(LLAMA2_70B, H100, batch=64, n_chips=2)
    split = decode(LLAMA2_70B, H100, batch=64, parallel=(2,))
    assert split.n_chips == 2
    comm = 160 * 2 * 1 / 2 * (64 * 8192 * 2) / 450e9
    assert split.step_time.to("s").magnitude == pytest.approx(free.step_time.to("s").magnitude + comm)
    assert split.aggregate.magnitude < free.aggregate.magnitude
    # two replicas of TP2 on 4 chips: each replica carries half the batch
    rep = decode(LLAMA2_70B, H100, batch=64, n_chips=4, parallel=(2,))
    assert rep.communication.tokens == 32


def test_overlap_false_adds_the_kv_read() -> None:
    d = decode(LLAMA2_70B, H100, batch=8, context=1000, overlap=False)
    kv = LLAMA2_70B.kv_per_token.to("B/token").magnitude * 8 * 1000 / 3.35e12
    w = d.memory_time.to("s").magnitude - kv
    assert d.kv_time.to("s").magnitude == pytest.approx(kv)
    assert d.step_time.to("s").magnitude == pytest.approx(max(w, d.compute_time.to("s").magnitude) + kv)
    assert d.step_time.magnitude >= decode(LLAMA2_70B, H100, batch=8, context=1000).step_time.magnitude


def test_prefill_training_serve_predict_take_parallel() -> None:
    p0 = prefill(LLAMA2_70B, H100, 1024, n_chips=4)
    p1 = prefill(LLAMA2_70B, H100, 1024, parallel=Parallel(tp=4))
    assert p1.time.magnitude > p0.time.magnitude and p1.communication is not None
    t0 = training_time(LLAMA2_70B, H100, 1e9, n_chips=8)
    t1 = training_time(LLAMA2_70B, H100, 1e9, n_chips=8, parallel=(8,))
    assert t1.communication.time.magnitude == pytest.approx(
        2 * 160 * 2 * 7 / 8 * 1e9 * 8192 * 2 / 450e9)
    assert t1.time.to("s").magnitude == pytest.approx(t0.time.to("s").magnitude + t1.communication.time.magnitude)
    s1 = serve(LLAMA2_70B, "nvidia-h200-sxm", 0, 300, n_chips=8, parallel=(1,), precision="fp8")
    s8 = serve(LLAMA2_70B, "nvidia-h200-sxm", 0, 300, n_chips=8, precision="fp8")
    # eight replicas hold eight copies of the weights: a smaller batch than one pooled copy
    assert s1.batch < s8.batch
    r = predict(H100, Serving("llama2-70b", 0, 100, precision="fp8", parallel=(2,)))
    assert r.n_chips == 2 and r.decode.communication is not None
    r2 = predict(H100, Serving("llama2-70b", 0, 100, precision="fp8"), parallel=(2,))
    assert r2.decode.communication is not None
    from accelspec.workloads.llm import Decode, Prefill, Training
    assert predict(H100, Decode("llama2-70b", batch=4), parallel=(2,)).communication is not None
    assert predict(H100, Prefill("llama2-70b", 128), parallel=(2,)).communication is not None
    assert predict(H100, Training("llama2-70b", 1e6), parallel=(2,)).communication is not None
