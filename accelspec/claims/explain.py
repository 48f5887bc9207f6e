"""Explanations of a claim check in Chinese (issue 14, item 5).

:func:`explain_zh` says, in Chinese, what number the claim states, the like-for-like figure the
catalog gives with the documents it comes from, and for each reading that reproduces the number
whether it is a fair (like-for-like) reading and, if not, why. It is built from the structured
readings of a :class:`~accelspec.claims.check.ClaimCheck` (terms, precisions, sparsity), not by
translating the English summary.

>>> from accelspec.claims import check_claim
>>> print(explain_zh(check_claim("H20 BF16 is 148 TFLOPS")).splitlines()[0])
说法：NVIDIA H20 的BF16 算力为 148 TFLOP/s。
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from accelspec.claims.check import ClaimCheck
from accelspec.claims.readings import Reading, Term
from accelspec.errors import AccelspecError
from accelspec.spec import Accelerator

__all__ = ["VERDICT_ZH", "explain_zh"]

#: Verdict names in Chinese.
VERDICT_ZH: dict[str, str] = {
    "supported": "成立", "misleading": "有误导", "unsupported": "无依据",
    "contradicted": "与数据矛盾", "unverifiable": "无法核实", "measured": "实测/工作负载说法"}

_VERDICT_WHY: dict[str, str] = {
    "supported": "有同口径的读法在容差内复现了这个数字",
    "misleading": "只有不同口径的读法（如稠密对稀疏、不同精度）能复现这个数字",
    "unsupported": "没有同口径的读法落在容差内，但也不算远",
    "contradicted": "同口径的读法与这个数字相差很远",
    "unverifiable": "目录缺少所需的芯片或指标，无法核对",
    "measured": "这是实测或工作负载结果，规格目录无法证实，下面给出规格上的参照",
}

_GROUP_ZH: dict[str, str] = {
    "memory.capacity": "显存容量", "memory.bandwidth": "显存带宽",
    "interconnect.bandwidth": "互联带宽", "tdp": "功耗（TDP）", "tpp": "总处理性能（TPP）",
    "llm": "大模型推理上限", "perf_per_watt": "能效",
}


def _name(x: Any) -> str:
    return x.name if isinstance(x, Accelerator) else str(x)


def _num(x: float) -> str:
    from accelspec.formatting import format_number

    return format_number(x)


def _metric_zh(metric: str | None) -> str:
    """'bf16' -> 'BF16 算力', 'fp8:sparse' -> 'FP8（2:4 稀疏）算力', None -> '性能（未指明指标）'."""
    if metric is None:
        return "性能（未指明指标）"
    if metric in _GROUP_ZH:
        return _GROUP_ZH[metric]
    if metric in ("measured", "performance"):
        return "性能"
    precision, _, rest = metric.partition(":")
    tag = "（2:4 稀疏）" if "sparse" in rest else ("（向量单元）" if "vector" in rest else "")
    return f"{precision.upper()}{tag or ' '}算力"


def _term_zh(t: Term) -> str:
    if t.group == "compute":
        kind = "向量" if t.engine == "vector" else ("2:4 稀疏" if t.sparse else "稠密")
        return f"{kind} {(t.precision or t.key).upper()}"
    if t.group == "perf_per_watt":
        precision, _, rest = t.key.partition(":")[2].partition(":")
        return f"{'2:4 稀疏' if 'sparse' in rest else '稠密'} {precision.upper()} 能效"
    return _GROUP_ZH.get(t.group, t.label)


def _differences_zh(r: Reading) -> list[str]:
    out: list[str] = []
    a, b = r.subject, r.object
    if b is not None:
        if a.sparse != b.sparse:
            out.append(f"{'稀疏' if a.sparse else '稠密'}对{'稀疏' if b.sparse else '稠密'}")
        if a.precision != b.precision:
            out.append(f"{(a.precision or '?').upper()} 对 {(b.precision or '?').upper()}，精度不同")
        if a.engine != b.engine:
            out.append("计算单元不同（矩阵对向量）")
        if a.qualifier != b.qualifier:
            out.append(f"口径不同（{a.qualifier} 对 {b.qualifier}）")
    elif a.sparse:
        out.append("这是 2:4 稀疏的宣传值，不是稠密算力")
    if not r.on_metric:
        out.append("不是说法所指的指标")
    if not out and r.differences:
        out.append("；".join(r.differences))
    return out


def _figure(r: Reading) -> str:
    unit = {"": " 倍", "count": ""}.get(r.unit, f" {r.unit}")
    out = _num(r.value) + unit
    if r.high > r.low * 1.001:
        out += f"（各来源 {_num(r.low)}–{_num(r.high)}）"
    return out


def _sources(r: Reading, chips: Sequence[Any]) -> str:
    """Who publishes the chosen values behind reading ``r``."""
    from accelspec.fields import parse_compute_field

    out: list[str] = []
    for acc, term in zip(chips, (r.subject, r.object)):
        if term is None or not isinstance(acc, Accelerator):
            continue
        field = term.key
        try:
            if term.group == "compute":
                field = parse_compute_field(term.key).name
            chosen = acc.value(field)
            claims = acc.claims(field)
        except AccelspecError:
            continue
        for c in claims:
            if c.value == chosen:
                who = c.source.publisher or c.source.title or c.source.id
                note = f"{acc.name}：{who}" + (f"（{c.source.date}）" if c.source.date else "")
                if note not in out:
                    out.append(note)
                break
    return "；".join(out)


def _reading_zh(r: Reading, chips: Sequence[Any]) -> str:
    subj, obj = (_name(c) for c in (list(chips) + [None, None])[:2])
    if r.object is None:
        return f"{subj} {_term_zh(r.subject)} = {_figure(r)}"
    return f"{subj} {_term_zh(r.subject)} ÷ {obj} {_term_zh(r.object)} = {_figure(r)}"


def _claimed(check: ClaimCheck) -> str:
    c = check.claim
    what = _metric_zh(c.metric)
    if c.ratio is not None:
        lo, hi = c.ratio
        n = _num(lo) if hi == lo else f"{_num(lo)}–{_num(hi)}"
        return f"{_name(c.subject)} 的{what}是 {_name(c.object)} 的 {n} 倍"
    amount = (c.stated or "?").replace(" count", "")
    return f"{_name(c.subject)} 的{what}为 {amount}"


def explain_zh(check: ClaimCheck) -> str:
    """A Chinese explanation of a check: the claimed number, the like-for-like figure with its
    sources, and for each reading that reproduces the number whether it is fair and why.

    Parameters
    ----------
    check : ClaimCheck
        The result of :func:`~accelspec.claims.check.check_claim`.

    Returns
    -------
    str
        Several lines of Chinese text (figures keep their units: TFLOP/s, TB/s, GB, W).
    """
    claim = check.claim
    chips = (claim.subject, claim.object)
    verdict = check.verdict.value
    lines = [f"说法：{_claimed(check)}。",
             f"判定：{VERDICT_ZH[verdict]}" + (
                 "" if verdict == "measured" else f"（容差 ±{check.tolerance:.0%}）")
             + f"：{_VERDICT_WHY[verdict]}。"]
    for u in check.unknown:
        if "(ambiguous:" in u:
            lines.append(f"“{u.split(' (ambiguous:')[0]}”是一个系列名，目录中有多款芯片"
                         f"（{u.split('(ambiguous: ')[1].rstrip(')')}），无法确定指哪一款。")
    missing = [u for u in check.unknown if "(ambiguous:" not in u]
    if missing:
        lines.append("目录中没有：" + "、".join(missing) + "。")
    fair = [r for r in check.fair if r.on_metric] or list(check.fair)
    if claim.metric is not None:
        fair = [r for r in fair if r.on_metric] or fair
    label = "规格参照（同口径）" if verdict == "measured" else "同口径数据"
    for r in fair[:3]:
        src = _sources(r, chips)
        lines.append(f"{label}：{_reading_zh(r, chips)}" + (f"；来源：{src}" if src else "") + "。")
    if verdict == "measured":  # a measurement is never matched against a spec reading
        return "\n".join(lines)
    matching = check.matching
    if claim.metric is None:  # read as performance: other figures (TDP, capacity) never count
        matching = tuple(r for r in matching if r.group in ("compute", "memory.bandwidth"))
    if not matching and check.readings:
        lines.append(f"共尝试 {len(check.readings)} 种读法，没有一种落在容差内。")
    shown = 3
    for r in matching[:shown]:
        if r.like_for_like and r.on_metric:
            why = "同口径，公平" + ("" if r.exact else "，但只对上了目录中未采用的争议值")
        else:
            why = "不公平：" + "；".join(_differences_zh(r) or ["口径不同"])
        lines.append(f"可复现该数字的读法：{_reading_zh(r, chips)}——{why}。")
    if len(matching) > shown:
        lines.append(f"另有 {len(matching) - shown} 种读法也能复现。")
    return "\n".join(lines)
