"""Reading every checkable claim in a text: :func:`check_text`, :class:`TextReport`, :class:`Finding`.

The pipeline: :func:`~accelspec.claims.normalise.normalise_text` (NFKC, invisible characters out,
traditional to simplified; offsets kept), sentence and clause splitting for both scripts and for
Markdown tables, one scan for every chip name (:mod:`~accelspec.claims.scan`), numbers, number
words, hedges and units (:mod:`~accelspec.claims.numbers`), metric words, comparatives, and
context: a sentence without a chip takes the subject of the previous sentence, heading or table
row, so pronouns (it, 它, 其) resolve to the last subject. Each number near a chip becomes a
:class:`~accelspec.claims.ChipClaim` checked with a tolerance read from its wording, or a
skipped candidate with the reason. Everything here is linear in the text: no fuzzy search.

Examples
--------
>>> report = check_text("The H200 carries 141 GB of HBM3e. H20仅为H200的7.5%。")
>>> [(f.claim.subject.id, f.check.verdict.value) for f in report.findings]
[('nvidia-h200-sxm', 'supported'), ('nvidia-h20', 'misleading')]
>>> report.text[report.findings[0].span[0]:report.findings[0].span[1]]
'141 GB'
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from accelspec.claims.check import ClaimCheck, check_claim
from accelspec.claims.explain import explain_zh
from accelspec.claims.model import ChipClaim, Verdict
from accelspec.claims.normalise import Normalised, normalise_text
from accelspec.claims.numbers import _HEDGE_BEFORE, Quantity, quantities
from accelspec.claims.scan import Mention, scanner
from accelspec.errors import ClaimError, InvalidArgumentError
from accelspec.fields import PRECISION_TABLE
from accelspec.spec import Accelerator

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = ["Finding", "Skipped", "TextReport", "check_text", "read_claims"]


# -- metric words ---------------------------------------------------------------------------------

def _precision_rules() -> list[tuple[str, str]]:
    out = []
    for prec in PRECISION_TABLE:
        named = {a for a in prec.aliases if any(ch.isdigit() for ch in a)}
        spellings = sorted({prec.name, *named, *prec.words}, key=len, reverse=True)
        alts = "|".join(re.escape(w.lower()).replace(r"\ ", r"[\s-]?").replace(r"\-", r"[\s-]?")
                        for w in spellings)
        out.append((rf"(?<![a-z0-9])(?:{alts})(?![a-z0-9])", prec.name))
    return out


_METRIC_RULES: list[tuple[str, str | None]] = [
    (r"(?:performance|perf|flops|compute|tflops)\s?(?:per|/)\s?watt|energy efficiency|"
     r"power efficiency|能效比?|每瓦", "perf_per_watt"),
    (r"(?:interconnect|nvlink|scale[\s-]?up|chip[\s-]to[\s-]chip|inter[\s-]?chip|link|i/o|"
     r"unifiedbus)(?:\s(?:bandwidth|speed))?|(?:卡间|片间|芯片间)?互联(?:带宽)?|片间带宽|"
     r"卡间带宽", "interconnect.bandwidth"),
    (r"(?:aggregate |total |peak )?(?:(?:memory|hbm[0-9a-z]*|vram|dram)\s)?(?:bandwidth|throughput"
     r"(?= of memory))|(?:hbm[0-9a-z]*)?(?:显存|内存|记忆体|存储)?(?:访问)?(?:带宽|频宽)",
     "memory.bandwidth"),
    (r"(?:aggregate |total )?(?:(?:memory|hbm[0-9a-z]*|vram)\s(?:capacity|size|pool)|"
     r"memory|vram|hbm[0-9a-z]*)|(?:总)?(?:显存|内存|记忆体)(?:容量)?|容量",
     "memory.capacity"),
    (r"(?<![a-z])tdp(?![a-z])|(?:total |max(?:imum)? )?(?:board |module |chip )?power"
     r"(?:\sdraw|\sconsumption|\srating)?|draws|pulls|功耗|耗电|功率", "tdp"),
    (r"(?<![a-z])tpp(?![a-z])|total processing performance|总处理(?:性能|效能)", "tpp"),
    *_precision_rules(),
    (r"半精度", "fp16"), (r"单精度", "fp32"), (r"双精度", "fp64"),
]
_METRICS = [(re.compile(p), m) for p, m in _METRIC_RULES]
_SPARSE = re.compile(r"sparse|sparsity|稀疏|with structured")
_DENSE = re.compile(r"(?<![a-z])dense|稠密|密集")


def _sparse_in(n: str, clause: tuple[int, int], sentence: bool) -> bool:
    """Whether a clause states a 2:4-sparse rate: its own word first ('稀疏3958T，稠密1979T'),
    then the sentence's."""
    own = n[clause[0]:clause[1]]
    if _SPARSE.search(own):
        return True
    return sentence and not _DENSE.search(own)
_MEASURED = re.compile(
    r"mlperf|benchmark|tokens?/s|tokens per second|tokens? per|train(?:s|ing|ed)?(?![a-z])|"
    r"in (?:real|certain|some|specific)[\w\s-]{0,12}(?:tests?|workloads?|tasks?)|real[\s-]world|"
    r"geekbench|llama|gpt|deepseek|per dollar|inference (?:throughput|performance|speed)|"
    r"on inference|latency|workloads?|实测|训练|跑分|测试|效率|推理性能|推理速度|实际任务|每美元|吞吐|"
    r"gemm|(?:faster|better|llm|model) inference|inference (?:up to|is|runs)|"
    r"in (?:some|certain|many|most) operations|scenario|fluidx3d|resnet|bert|stable diffusion|"
    r"tokens?|生成|产生|(?<![a-z])(?:tests?|tested|testing)(?![a-z])")
_ON_PAR = re.compile(r"on par|par with|comparable|the same as|equal to|rivals?|as fast as|"
                     r"on a level with|level with|neck and neck|matches|"
                     r"媲美|相当(?!于)|持平|看齐|不相上下|比肩|拍得住|相同|一样|打平|旗鼓相当|平起平坐|并驾齐驱")
_MORE = re.compile(r"more|higher|above|faster|greater|larger|bigger|better|ahead|increase|boost|uplift|"
                   r"gain|lead|edge|improv|up(?![a-z])|beats?|outperform|outpac|outstrip|outrun|exceed|surpass|"
                   r"quicker|stronger|"
                   r"快|高|强|多|提升|提高|增加|增长|领先|超出|超过|超越|胜过|胜")
_LESS = re.compile(r"less|lower|below|slower|smaller|fewer|behind|down(?![a-z])|reduc|cheaper|weaker|"
                   r"trail|慢|低|少|弱|下降|降低|减少|落后|不及|逊")
_OBJ_BEFORE = re.compile(
    r"(?:than|of|vs\.?|versus|compared (?:with|to)|comparison with|next to|against|over|"
    r"relative to|to|from|beats?|outperforms?|outpaces?|outstrips?|exceeds?|surpass(?:es)?|trails?|"
    r"behind|ahead of|leads?|the work of|what|"
    r"on par with|par with|on a level with|level with|matches|rivals?|like|as|比|较|相比|对比|相较于?|与|和|同|跟|超越|超过|"
    r"胜过|不及|逊于|媲美|拍得住|达到?|(?<![华因作认以成])为|是|相当于|于|times|double|twice|triple|half|\dx)"
    r"(?:\s?(?:the|an?|its|that of|those of|nvidia's|amd's|huawei's|intel's|nvidia|amd|huawei|"
    r"intel|英伟达|辉达|华为)(?:'s)?)*\s?$")
#: Vendor words (folded, simplified) that may stand before a class noun: "the Nvidia card",
#: "AMD's part", 辉达方案.
_VENDOR_WORDS: dict[str, str] = {
    "nvidia": "NVIDIA", "英伟达": "NVIDIA", "辉达": "NVIDIA", "amd": "AMD", "超威": "AMD",
    "huawei": "Huawei", "华为": "Huawei", "intel": "Intel", "英特尔": "Intel", "google": "Google",
    "谷歌": "Google", "cambricon": "Cambricon", "寒武纪": "Cambricon", "海光": "Hygon",
    "hygon": "Hygon", "aws": "AWS", "amazon": "AWS", "亚马逊": "AWS"}
_SYSTEM_NOUNS = ("system", "rack", "cluster", "supernode", "pod", "系统", "超节点", "机柜", "集群")
_ANY_NOUNS = ("solution", "platform", "product", "offering", "方案", "平台", "产品")
_CLASS_NOUNS = ("chips?|cards?|gpus?|parts?|accelerators?|processors?|systems?|racks?|clusters?|"
                "supernodes?|pods?|solutions?|platforms?|products?|offerings?")
_VENDOR_RE = "|".join(sorted(map(re.escape, _VENDOR_WORDS), key=len, reverse=True))
#: A noun phrase standing for a chip named before: a determiner or a vendor, an optional
#: "older/newer/rival" word, and a class noun ("the GPU", "Nvidia's part", "the older card",
#: 该系统, 这款GPU, 辉达方案); "its predecessor"; the pronouns it/its, 它, 其.
_ANAPHOR = re.compile(
    r"(?<![a-z0-9])(?:(?P<det>the|this|that|each|(?P<v1>" + _VENDOR_RE + r")(?:'s)?|the\s(?P<v2>"
    + _VENDOR_RE + r"))\s(?P<age>older|newer|previous|latest|new|rival|competing|chinese|"
    r"american|other\s)?\s?(?P<noun>" + _CLASS_NOUNS + r"))(?![a-z0-9])"
    r"|(?P<pred>its predecessor|the predecessor|上一代|前代|前一代)"
    r"|(?:(?:该|此|这款|这个|这一|那款|其)(?P<v3>" + _VENDOR_RE + r")?|(?P<v4>" + _VENDOR_RE +
    r"))(?P<zn>芯片|晶片|gpu|显卡|卡|系统|超节点|机柜|集群|方案|平台|产品)"
    r"|(?:组成|组网|构成|互联)的?(?P<zn2>超节点|系统|集群|机柜)"
    r"|(?<![a-z])(?P<pro>it|its|it's)(?![a-z'])|(?P<zpro>它|其)")


_SYSTEMS: dict[int, tuple[Any, dict[tuple[str, int], list[Any]]]] = {}
_COUNT = re.compile(r"(?<![\d.])(\d{1,5})\s?(?:颗|顆|个|块|张|x|×|\s)[^，。,;；]{0,30}$")


def _built_of(before: str, earlier: list[Any], cat: Catalog) -> Any:
    """The catalog system built of N of the last chip named, when the text says N ("384颗组成的
    超节点", "384 Ascend 910C chips ... the system"); None unless exactly one fits."""
    count = _COUNT.search(before)
    chips = [e for e in earlier if not e.is_system]
    if count is None or not chips:
        return None
    held = _SYSTEMS.get(id(cat))
    if held is None or held[0] is not cat:
        index: dict[tuple[str, int], list[Any]] = {}
        for acc in cat:
            if len(acc.parts) == 1:
                index.setdefault((acc.parts[0].accelerator, acc.parts[0].count), []).append(acc)
        if len(_SYSTEMS) > 8:
            _SYSTEMS.clear()
        held = _SYSTEMS[id(cat)] = (cat, index)
    fits = held[1].get((chips[-1].id, int(count.group(1))), [])
    return fits[0] if len(fits) == 1 else None


def _anaphora(n: str, text: str, base: int, mentions: list[Mention], ctx: _Context,
              cat: Catalog) -> list[tuple[Mention, Any]]:
    """Mentions for the noun phrases and pronouns in one sentence that stand for a chip named
    before (in the sentence or earlier), each with the entity it resolves to.

    A vendor word picks the last chip of that vendor; a system noun (rack, 系统, 超节点) the last
    system, a chip noun the last single chip; 'older', 'previous', 'its predecessor' the last
    chip other than the current subject; a pronoun the current subject."""
    out: list[tuple[Mention, Any]] = []
    for a in _ANAPHOR.finditer(text):
        start, end = base + a.start(), base + a.end()
        if any(m.start < end and start < m.end for m in mentions):
            continue
        earlier = [e for e in ctx.recent if isinstance(e, Accelerator)]
        earlier += [cat[m.ids[0]] for m in mentions if m.end <= start and len(m.ids) == 1]
        if a.group("pro") or a.group("zpro"):
            if a.group("zpro") == "其" and re.match(r"[他它余中次实]", text[a.end():a.end() + 1]):
                continue
            # the subject named earlier in the same sentence, else the topic before it
            own = [m for m in mentions if m.end <= start and len(m.ids) == 1 and not _is_object(
                n, base, m, base, None)]
            ent = cat[own[0].ids[0]] if own else ctx.subject
            same = [e for e in earlier if ent is not None and e is ent]
            if not isinstance(ent, Accelerator) or not same and not earlier:
                continue
            out.append((Mention(start, end, (ent.id,), a.group(0)), ent))
            continue
        vendor_word = a.group("v1") or a.group("v2") or a.group("v3") or a.group("v4")
        vendor = _VENDOR_WORDS.get(vendor_word or "")
        noun = (a.group("noun") or a.group("zn") or a.group("zn2") or "").rstrip("s")
        other = bool(a.group("pred")) or (a.group("age") or "").strip() in (
            "older", "previous", "other", "rival", "competing")
        if a.group("det") == "each" and not noun:
            continue
        system = any(noun.startswith(w) for w in _SYSTEM_NOUNS)
        either = any(noun.startswith(w) for w in _ANY_NOUNS)
        pick = None
        subj = ctx.subject
        if vendor is None and not other and isinstance(subj, Accelerator) and (
                either or subj.is_system == system):
            earlier.append(subj)  # "the chip", 该芯片: the topic (the current subject) first
        for e in reversed(earlier):
            if vendor is not None and e.vendor != vendor:
                continue
            if not either and not a.group("pred") and e.is_system != system:
                continue
            if other and e is ctx.subject:
                continue
            pick = e
            break
        if pick is None and system:  # this sentence's count first, then the sentence before
            pick = _built_of(text[:a.start()], earlier, cat) or _built_of(ctx.before, earlier, cat)
        if pick is None:
            continue
        out.append((Mention(start, end, (pick.id,), a.group(0)), pick))
    return out


_PRECISION_NAMES = frozenset(p.name for p in PRECISION_TABLE)
_OLDER = re.compile(r"older|previous|predecessor|rival|competing|other|上一代|前代|前一代")
_HEADING = re.compile(r"^\s*(?:#{1,6}\s|\*\*)")


def _metrics_in(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping metric words in folded ``text``: (start, end, metric), earlier rules
    winning."""
    taken: list[tuple[int, int, str]] = []
    for pattern, metric in _METRICS:
        assert metric is not None
        for m in pattern.finditer(text):
            if m.end() > m.start() and not any(s < m.end() and m.start() < e for s, e, _ in taken):
                taken.append((m.start(), m.end(), metric))
    taken.sort()
    out: list[tuple[int, int, str]] = []
    for t in taken:  # "互联" + "频宽", "interconnect" + "bandwidth": one interconnect figure
        if out and out[-1][2] == "interconnect.bandwidth" and t[2] == "memory.bandwidth" and \
                not text[out[-1][1]:t[0]].strip():
            out[-1] = (out[-1][0], t[1], "interconnect.bandwidth")
            continue
        out.append(t)
    return out


# -- units ----------------------------------------------------------------------------------------

_PREFIX = {"peta": "P", "tera": "T", "giga": "G"}


def _unit(word: str) -> tuple[str, str | None]:
    """(pint unit, default metric) of a folded unit word."""
    if word == "tpp":
        return "count", "tpp"
    w = word.replace(" per second", "/s")
    m = re.fullmatch(r"(peta|tera|giga)flops", w)
    if m:
        return f"{_PREFIX[m.group(1)]}FLOP/s", None
    m = re.fullmatch(r"([kmgtpe]?)flop(?:/)?s", w)
    if m:
        return f"{m.group(1).upper()}FLOP/s", None
    m = re.fullmatch(r"([kmgtpe]?)tops", w)
    if m:  # "TOPS" is tera-operations per second
        return f"{m.group(1).upper() or 'T'}OP/s", None
    if w in ("t", "p"):
        return f"{w.upper()}FLOP/s", None
    m = re.fullmatch(r"(peta|tera|giga)bytes?(/s)?", w)
    if m:
        return f"{_PREFIX[m.group(1)]}B" + (m.group(2) or ""), \
            "memory.bandwidth" if m.group(2) else "memory.capacity"
    m = re.fullmatch(r"([kmgtp])(i?)b/s", w)
    if m:
        return f"{m.group(1).upper()}{m.group(2)}B/s", "memory.bandwidth"
    m = re.fullmatch(r"([kmgtp])(i?)b", w)
    if m:
        return f"{m.group(1).upper()}{m.group(2)}B", "memory.capacity"
    m = re.fullmatch(r"([kmg]?)w", w)
    if m:
        return f"{m.group(1)}W", "tdp"
    return "token/s", "measured"


_DIMENSION = {"memory.bandwidth": "B/s", "interconnect.bandwidth": "B/s", "memory.capacity": "B",
              "tdp": "W", "perf_per_watt": "?", "tpp": "count", "measured": "token/s"}


def _fits(metric: str, unit: str) -> bool:
    want = _DIMENSION.get(metric.partition(":")[0], "OP/s")
    if want == "OP/s":
        return unit.endswith("OP/s")
    if want == "B/s":
        return unit.endswith("B/s")
    if want == "B":
        return unit.endswith("B")
    return unit.endswith(want)


# -- report objects -------------------------------------------------------------------------------



@attrs.frozen
class Finding:
    """One claim read from a text and its check.

    Attributes
    ----------
    span : tuple of int
        ``(start, end)`` offsets into the original text of the number the claim states.
    sentence : tuple of int
        ``(start, end)`` of the sentence (or table row) it was read from.
    claim : ChipClaim
        Subject and object are :class:`~accelspec.spec.Accelerator` objects where the catalog
        has them, names otherwise.
    check : ClaimCheck
        The verdict and its readings.
    confidence : float
        How sure the reading is, 0 to 1 (lower when the subject came from context, a family
        name or a pronoun, or the metric was not named).
    measured : bool
        Whether the claim reports a measurement or a workload result.
    lang : str
        ``"en"`` or ``"zh"``: the language of :attr:`summary`.
    """

    span: tuple[int, int]
    sentence: tuple[int, int]
    claim: ChipClaim
    check: ClaimCheck
    confidence: float
    measured: bool = False
    lang: str = "en"

    @property
    def verdict(self) -> Verdict:
        """The check's verdict."""
        return self.check.verdict

    @property
    def summary(self) -> str:
        """One sentence in the report's language: the reading, the verdict and why."""
        if self.lang != "zh":
            return f"{self.claim.describe()}: {self.check.verdict.value} - {self.check.summary}"
        return explain_zh(self.check).replace("\n", " ")

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON lines."""
        return {"span": list(self.span), "sentence": list(self.sentence),
                "verdict": self.check.verdict.value, "confidence": self.confidence,
                "measured": self.measured, "summary": self.summary,
                "claim": self.claim.to_dict(), "check": self.check.to_dict()}


@attrs.frozen
class Skipped:
    """A candidate (a number near a chip name) that was not read, and why."""

    span: tuple[int, int]
    reason: str


@attrs.frozen
class TextReport:
    """What :func:`check_text` found in a text.

    Attributes
    ----------
    text : str
        The text as given.
    findings : tuple of Finding
        Claims read, in text order.
    skipped : tuple of Skipped
        Candidates not read, with the reason.
    lang : str
        ``"en"`` or ``"zh"``.
    """

    text: str
    findings: tuple[Finding, ...]
    skipped: tuple[Skipped, ...]
    lang: str

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def excerpt(self, span: tuple[int, int], width: int = 60) -> str:
        """The text of ``span`` (a sentence span gives the sentence), cut to ``width``."""
        t = " ".join(self.text[span[0]:span[1]].split())
        return t if len(t) <= width else t[:width - 3] + "..."

    def to_json_lines(self) -> str:
        """One JSON object per finding, with the excerpt of its sentence."""
        return "\n".join(json.dumps({"excerpt": self.excerpt(f.sentence, 200), **f.to_dict()},
                                    ensure_ascii=False) for f in self.findings)

    @property
    def failing(self) -> tuple[Finding, ...]:
        """Findings that are contradicted or misleading."""
        return tuple(f for f in self.findings
                     if f.check.verdict in (Verdict.CONTRADICTED, Verdict.MISLEADING))


# -- reading ----------------------------------------------------------------------------------

@attrs.frozen
class _Sentence:
    start: int
    end: int
    heading: bool = False
    cells: tuple[tuple[int, int, str], ...] = ()  # table row: (start, end, header text)


_SENT_END = re.compile(r"[。！？!?；;\n]|(?<!vs)(?<!approx)(?<!e\.g)(?<!i\.e)\.(?=\s|$)")


def _sentences(n: str) -> list[_Sentence]:
    out: list[_Sentence] = []
    header: list[str] = []
    pos = 0
    for line in n.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if line.strip().startswith("|"):
            cells = []
            c0 = start + line.index("|") + 1
            parts = line.strip().strip("|").split("|")
            for p in parts:
                cells.append((c0, c0 + len(p)))
                c0 += len(p) + 1
            if re.fullmatch(r"[\s|:\-]+", line):
                continue
            if not header:
                header = parts
                out.append(_Sentence(start, end, heading=True))
                continue
            out.append(_Sentence(start, end, cells=tuple(
                (s, e, header[i] if i < len(header) else "") for i, (s, e) in enumerate(cells))))
            continue
        header = []
        heading = bool(_HEADING.match(line)) or (0 < len(line.strip()) < 90 and not re.search(
            r"[.。!?！？]\s*$", line) and "\n" in n)
        s = start
        for m in _SENT_END.finditer(line):
            e = start + m.end()
            if n[s:e].strip():
                out.append(_Sentence(s, e, heading))
            s = e
        if n[s:end].strip():
            out.append(_Sentence(s, end, heading))
    return out


_CLAUSE = re.compile(r"[,，、:：]|\s(?:and|while|whereas|but)\s|而|但|并且|同时")


@attrs.define
class _Context:
    subject: Any = None  # Accelerator | str | None
    obj: Any = None
    recent: list[Any] = attrs.Factory(list)
    sentence: int = 0  # sentences read so far
    before: str = ""  # the folded text of the sentence before
    # the precision of the last compute rate read: (metric, subject, sentence number)
    rate: tuple[str, Any, int] | None = None


def _entity(m: Mention, cat: Catalog, ctx: _Context, original: str) -> tuple[Any, float]:
    """The accelerator (or name) a mention stands for, and a confidence factor."""
    if not m.ids:
        return re.sub(r"\s+", " ", original).strip(), 1.0
    if len(m.ids) == 1:
        return cat[m.ids[0]], 1.0
    for prev in reversed(ctx.recent):
        if isinstance(prev, Accelerator) and prev.id in m.ids:
            return prev, 0.8
    entries = [cat[i] for i in m.ids]
    chips = [a for a in entries if not a.is_system] or entries
    if m.family and len(chips) > 1:
        # a family name ("昇腾", "Hopper") with no member named before: the catalog's index holds
        # several entries for it, so the reading stays ambiguous (checked as unverifiable, with
        # the candidates named) rather than picking one
        names = ", ".join(sorted(a.name for a in chips)[:4]) + (", ..." if len(chips) > 4 else "")
        word = re.sub(r"\s+", " ", original).strip() or m.name
        return f"{word} (ambiguous: {names})", 0.5
    return min(chips, key=lambda a: (len(a.name), a.id)), 0.6


def _is_object(n: str, sent_start: int, m: Mention, prev_end: int, q_start: int | None,
               next_start: int | None = None) -> bool:
    if _OLDER.search(m.name):  # "the older card", "its predecessor": compared against
        return True
    before = n[max(prev_end, sent_start, m.start - 40):m.start]
    if _OBJ_BEFORE.search(before.rstrip()) or _OBJ_BEFORE.search(before):
        return True
    after = n[m.end:m.end + 3]
    if next_start is not None and q_start is not None and next_start < q_start:
        return False  # "X的…Y的15%": the number belongs to Y
    return after.startswith("的") and q_start is not None and q_start > m.end and (
        re.match(r"的\s?(?:[^\s,，。]{0,12})$", n[m.end:q_start]) is not None) and not (
        _CN_COMPARE.search(n[m.end:q_start]))


# a comparative verb between "X的" and the number makes X the subject ("910B的算力高出一倍")
_CN_COMPARE = re.compile(r"高出|快|多|提升|提高|增加|增长|领先|超|低|慢|少|落后|翻|胜|强|弱")


_FOLLOW = re.compile(
    r"^\s?(?:(?:found|seen|quoted|offered|listed|available|claimed|rated)\s)?(?:of|for|on|from|in)"
    r"\s(?:the\s|an?\s|each\s)?(?:[a-z']+\s)?$|^\s$")  # or right before it: "an 80 GB H100"


def _owns(n: str, m: Mention, q: Quantity, qs: list[Quantity]) -> bool:
    """Whether the amount ``q`` after mention ``m`` can be ``m``'s: not when ``m`` is a possessive
    ("the 910B's 64GB up to 96GB") or an amount of the same kind lies between them ("750W
    against 700W"), which makes the earlier amount ``m``'s."""
    between = [x for x in qs if m.end <= x.start and x.end <= q.start and x.kind == "amount"
               and _unit_kind(x.unit) == _unit_kind(q.unit)]
    if not between:
        return True
    return False


def _unit_kind(unit: str) -> str:
    return _unit(unit)[0].lstrip("KMGTPE")


def _sure(entity: Any, ents: dict[int, tuple[Any, float]]) -> float:
    """How sure the reading of ``entity`` from its mention was (a family or pronoun: less)."""
    return min((c for e, c in ents.values() if e is entity), default=1.0)


def _tolerance(q: Quantity, value: float) -> float:
    if q.hedge in ("about", "round_word"):
        return 0.15
    if q.digits and value > 0:
        last = 10.0 ** (math.floor(math.log10(value)) - q.digits + 1)
        return max(0.05, min(0.10, 0.5 * last / value))
    return 0.05


def _range(q: Quantity, lo: float, hi: float) -> tuple[float, float]:
    if q.hedge == "under":  # 不到, less than: anything below
        return lo * 0.05, hi
    if q.hedge in ("up_to", "nearly"):
        return lo * 0.8, hi
    if q.hedge == "over":
        return lo, hi * 1.25
    return lo, hi


@attrs.frozen
class _Read:
    claim: ChipClaim
    q: Quantity
    tolerance: float
    confidence: float
    measured: bool


def _direction(n: str, q: Quantity, clause: tuple[int, int]) -> str:
    after = n[q.end:min(clause[1], q.end + 28)]
    before = n[max(clause[0], q.start - 10):q.start]
    if _LESS.search(after[:24]) and not _MORE.match(after.strip()):
        return "less"
    if _MORE.search(after[:24]):
        return "more"
    before = n[max(clause[0], q.start - 16):q.start]
    if re.search(r"(?:快|高|强|多|提升|提高|增加|增长|高出|领先|超出|超过|超越|多出)[^，。,的为是]{0,8}?"
                 r"了?(?:约|近|达)?$", before):
        return "more"
    if re.search(r"(?:慢|低|少|弱|下降|降低|减少|落后)[^，。,的为是]{0,8}?了?(?:约|近|达)?$", before):
        return "less"
    if q.kind in ("percent", "fraction"):  # "beats the A100 by 20%", "trails by a third"
        lead = n[clause[0]:q.start]
        if re.search(r"\bby\s?$", lead):
            if _LESS.search(lead):
                return "less"
            if _MORE.search(lead):
                return "more"
    return "of"


_HEDGE_ACROSS = re.compile(
    "(" + "|".join(sorted((re.escape(h) for h in _HEDGE_BEFORE if len(h) > 1 or h in "约近逾"),
                          key=len, reverse=True)) + r")\s?(?:为|是|达到?|有)?\s?(?:the\s)?$")


def _hedge_across(n: str, q: Quantity, clause: tuple[int, int], mentions: list[Mention]
                  ) -> Quantity:
    """A hedge written before the chip a ratio is taken of: '不到H100的三分之一', '接近NVL72的两倍',
    'less than the H100's half'."""
    if q.hedge not in ("exact", "round_word"):
        return q
    obj = [m for m in mentions if clause[0] <= m.start and m.end <= q.start
           and re.fullmatch(r"\s?(?:的|'s)?\s?", n[m.end:q.start])]
    if not obj:
        return q
    h = _HEDGE_ACROSS.search(n[max(clause[0], obj[-1].start - 12):obj[-1].start])
    if h is None:
        return q
    return attrs.evolve(q, hedge=_HEDGE_BEFORE[h.group(1)])


_TPP_WORD = re.compile(r"tpp|总处理(?:性能|效能)|total processing performance")
_BYTES = re.compile(r"[kmgtp]i?b")


def _per_second_all(text: str, qs: list[Quantity]) -> list[Quantity]:
    """:func:`_per_second` for each amount; once a sentence writes a bandwidth per-second first
    ('每秒4TB'), a later bare byte amount of the same sentence is one too ('高于H100的3.35TB'),
    unless a capacity word comes between."""
    out: list[Quantity] = []
    per_second_at: int | None = None
    for q in qs:
        r = _per_second(text, q)
        if r is not q:
            per_second_at = q.end
        elif per_second_at is not None and q.kind == "amount" and _BYTES.fullmatch(q.unit) and \
                not re.search(r"容量|capacity", text[per_second_at:q.start]):
            r = attrs.evolve(q, unit=q.unit + "/s")
        out.append(r)
    return out


def _per_second(text: str, q: Quantity) -> Quantity:
    """'每秒3.2 TB', '每秒頻寬最高4 TB': a bandwidth written with the per-second first."""
    if q.kind == "amount" and q.unit.endswith("b") and re.search(
            r"每秒[^\d，。,;；]{0,6}$", text[max(0, q.start - 10):q.start]):
        return attrs.evolve(q, unit=q.unit + "/s")
    return q


def _read_sentence(n: str, raw: str, norm: Normalised, sent: _Sentence, cat: Catalog,
                   ctx: _Context, skipped: list[Skipped]) -> list[_Read]:
    from accelspec.units import Q_

    text = n[sent.start:sent.end]
    base = sent.start
    ctx.sentence += 1
    mentions = [attrs.evolve(m, start=m.start + base, end=m.end + base)
                for m in scanner(cat).find(text)]
    # "a 40% edge" is a number, not the A40
    mentions = [m for m in mentions if not re.match(r"\s?(?:%|percent|per cent|倍|x(?![a-z]))",
                                                    n[m.end:m.end + 9])]
    qs = [attrs.evolve(q, start=q.start + base, end=q.end + base) for q in quantities(text)]
    for i in range(len(qs) - 1):  # "2,500 vs. 780 TeraFLOPS": the first takes the second's unit
        if qs[i].kind == "bare" and qs[i + 1].kind == "amount" and _PAIR.fullmatch(
                n[qs[i].end:qs[i + 1].start]):
            qs[i] = attrs.evolve(qs[i], kind="amount", unit=qs[i + 1].unit)
    tpp = _TPP_WORD.search(text) is not None
    qs = _per_second_all(n, [q for q in qs if (q.kind != "bare" or sent.cells
                             or (tpp and q.low >= 100)) and not any(m.start < q.end and q.start < m.end
                                                                   for m in mentions)])
    if sent.heading and not sent.cells:
        for m in mentions:
            ent, _ = _entity(m, cat, ctx, raw[slice(*norm.span(m.start, m.end))])
            ctx.recent.append(ent)
        if mentions:
            ctx.subject = _entity(mentions[0], cat, ctx, "")[0] if mentions[0].ids else ctx.subject
            if len(mentions) > 1 and mentions[1].ids:
                ctx.obj = _entity(mentions[1], cat, ctx, "")[0]
        if not qs:
            return []
    cuts = list(_CLAUSE.finditer(text))
    starts = [base] + [base + c.end() for c in cuts]
    ends = [base + c.start() for c in cuts] + [sent.end]
    bounds = list(zip(starts, ends))
    metrics = [(s + base, e + base, mt) for s, e, mt in _metrics_in(text)]
    # "throughput" naming no spec figure (precision, bandwidth) is a measured result
    measured = bool(_MEASURED.search(text)) or (
        "throughput" in text and not any(mt[2].partition(":")[0] in _PRECISION_NAMES
                                         or mt[2] in _DIMENSION for mt in metrics))
    sparse = bool(_SPARSE.search(text))
    ents: dict[int, tuple[Any, float]] = {}
    for m in mentions:
        ents[m.start] = _entity(m, cat, ctx, raw[slice(*norm.span(m.start, m.end))])
    for m in mentions:  # "the HGX-H20 GPU", "CloudMatrix的单卡": the one chip a system is built of
        ent = ents[m.start][0]
        if isinstance(ent, Accelerator) and ent.is_system and len(ent.parts) == 1 and \
                _CHIP_NOUN.match(n, m.end) and ent.parts[0].accelerator in cat:
            ents[m.start] = (cat[ent.parts[0].accelerator], ents[m.start][1])
    if qs or _ON_PAR.search(text):
        anaphora = _anaphora(n, text, base, mentions, ctx, cat)
        if anaphora:
            for m, ent in anaphora:
                ents[m.start] = (ent, 0.7)
            mentions = sorted(mentions + [m for m, _ in anaphora], key=lambda m: m.start)
    out: list[_Read] = []
    sentence_subject: Any = None
    # two chips as one subject: "The MI355X and the B200 are on par ...", "X与Y均..."
    pair: tuple[Any, Any] | None = None
    for m1, m2 in zip(mentions, mentions[1:]):
        if _COORD.fullmatch(n[m1.end:m2.start]) and not _is_object(
                n, sent.start, m1, sent.start, None) and ents[m1.start][0] is not ents[m2.start][0]:
            pair = (ents[m1.start][0], ents[m2.start][0])
            break
    # an on-par clause beside amounts ("3.7TB/s左右，和H100相当") when no ratio is stated
    par_only = not any(q.kind in ("percent", "times", "fraction") for q in qs)
    if (not qs or par_only) and mentions and _ON_PAR.search(text):
        subj_obj = [ents[m.start][0] for m in mentions]
        objs = [m for m in mentions if _is_object(n, sent.start, m, sent.start, None)]
        subs = [m for m in mentions if m not in objs and not re.search(r"\d\s?(?:颗|顆|个|x)\s?$", n[max(sent.start, m.start - 5):m.start])]
        if subs and objs and ents[subs[0].start][0] is not ents[objs[-1].start][0]:
            subj_obj = [ents[subs[0].start][0], ents[objs[-1].start][0]]
        if len(subj_obj) == 1 and ctx.subject is not None:
            subj_obj = [ctx.subject, subj_obj[0]]
        if len(subj_obj) >= 2 and subj_obj[0] is not subj_obj[1]:
            metric = _pick_metric(metrics, base, sent.end, None, None)
            par = re.search(_ON_PAR, text)
            assert par is not None
            q = Quantity(base + par.start(), base + par.end(), 1.0, 1.0, "times", "", "about")
            claim = ChipClaim.ratio_of(subj_obj[0], subj_obj[1], 1.0, metric=metric,
                                       text=raw[slice(*norm.span(sent.start, sent.end))].strip())
            out.append(_Read(claim, q, 0.15, 0.7, measured))
            ctx.subject = subj_obj[0]
    # "from the 910B's 64GB up to 96GB", "from 3.35 TB/s to 4.8 TB/s": the first amount is the
    # earlier chip's (named in the from-phrase, else not named), the second the subject's
    moved: dict[int, Any] = {}
    last_older: Any = None
    amounts = [x for x in qs if x.kind == "amount"]
    for a, b in zip(amounts, amounts[1:]):
        head = _FROM.search(n[max(sent.start, a.start - 40):a.start])
        up_to = b.hedge == "up_to" and n[b.start:b.end].startswith("up to")
        if head is None or _unit_kind(a.unit) != _unit_kind(b.unit) or not (
                _TO.fullmatch(n[a.end:b.start]) or up_to and not n[a.end:b.start].strip()):
            continue
        if up_to:  # "from 64GB up to 96GB": the end of the change, not an upper bound
            qs[qs.index(b)] = attrs.evolve(b, hedge="exact")
        start = a.start - len(head.group(0))
        named = [m for m in mentions if start <= m.start and m.end <= a.start]
        # "显存从H100的80GB提升到141GB，带宽也从3.35TB/s提升到4.8TB/s": a second from-to of the
        # same sentence naming no chip is the same change
        older = ents[named[-1].start][0] if named else last_older
        last_older = older
        main = [ents[m.start][0] for m in mentions if not (start <= m.start < a.start)
                and not _is_object(n, sent.start, m, sent.start, None)]
        moved[a.start] = older
        moved[b.start] = next((e for e in main if e is not older), None)
    for q in qs:
        if q.start in moved and moved[q.start] is None:
            skipped.append(Skipped(norm.span(q.start, q.end),
                                   "a figure of a from-to change whose chip is not named"))
            continue
        clause = next((b for b in bounds if b[0] <= q.start < b[1]), (sent.start, sent.end))
        cells_metric = ""
        if sent.cells:
            cell = next((c for c in sent.cells if c[0] <= q.start < c[1]), None)
            if cell is None or cell is sent.cells[0]:
                continue
            clause = (cell[0], cell[1])
            cells_metric = cell[2].lower()
        try:
            r = _read_quantity(n, raw, norm, sent, q, clause, mentions, ents, metrics, ctx,
                               measured, _sparse_in(n, clause, sparse), cells_metric,
                               sentence_subject, Q_, cat, qs)
        except ClaimError as exc:
            skipped.append(Skipped(norm.span(q.start, q.end), str(exc)))
            continue
        if isinstance(r, str):
            skipped.append(Skipped(norm.span(q.start, q.end), r))
            continue
        if q.start in moved:
            r = attrs.evolve(r, claim=attrs.evolve(r.claim, subject=moved[q.start]))
        prev = out[-1] if out else None
        if q.start not in moved and prev is not None and q.kind == "amount" and prev.q.kind == "amount" and \
                _unit_kind(prev.q.unit) == _unit_kind(q.unit) and \
                _PAIR.fullmatch(n[prev.q.end:q.start]) and r.claim.subject is prev.claim.subject:
            # "141GB vs 80GB", "750 W against 700 W": the second amount is the other chip's
            other = _other_entity(prev.claim.subject, [ents[m.start][0] for m in mentions], ctx)
            if other is None:
                skipped.append(Skipped(norm.span(q.start, q.end),
                                       "the second of a pair of amounts, with no other chip named"))
                continue
            r = attrs.evolve(r, claim=attrs.evolve(r.claim, subject=other),
                             confidence=min(r.confidence, 0.8))
        out.append(r)
        sentence_subject = r.claim.subject
        if pair is not None and r.claim.amount is not None and r.claim.subject in pair:
            # an amount said of both chips of a coordinated subject holds for each
            other = pair[1] if r.claim.subject is pair[0] else pair[0]
            out.append(attrs.evolve(r, claim=attrs.evolve(r.claim, subject=other),
                                    confidence=min(r.confidence, 0.8)))
    if out:
        ctx.subject = out[0].claim.subject  # the topic: the first subject read
    elif mentions and not sent.cells:
        first = [m for m in mentions if not _is_object(n, sent.start, m, sent.start, None)]
        if first:
            ctx.subject = ents[first[0].start][0]
    for m in mentions:
        ctx.recent.append(ents[m.start][0])
    del ctx.recent[:-8]
    ctx.before = text
    return out


#: Between two chips named as one subject: "the MI355X and the B200", "思元590与BW1000".
_COORD = re.compile(r"\s?(?:and|&|与|和|及|以及|、)\s?(?:the\s|nvidia's\s|amd's\s)?(?:[a-z]+\s)?")

_CHIP_NOUN = re.compile(r"[\s-]?(?:gpus?|chips?|cards?|accelerators?|芯片|晶片|单卡|单芯片)(?![a-z])")

#: Figures the catalog does not hold: a ratio of one of them is not read as performance.
_UNCHECKABLE = re.compile(r"(?<![a-z])(?:sms?|sm count|per sm|streaming multiprocessors?|cuda cores|"
                          r"tensor cores|cores|transistors?|die (?:size|area)|price|cost|yield|"
                          r"shipments?|sales|revenue)(?![a-z])|sm数|核心数|晶体管|面积|价格|售价|成本|"
                          r"良率|出货|销量|营收")

_FROM = re.compile(r"(?:(?<![a-z])from(?![a-z])|从|由)[^,，;；。]{0,30}$")  # 从H100的: a chip may follow
_TO = re.compile(r"\s?(?:of [a-z0-9]+\s)?(?:up\s)?(?:to|(?:提升|提高|增加|增长|升级|上升|扩大|跃升|飙升)?"
                 r"(?:到|至)了?)\s?(?:about\s|约)?")

#: Between two amounts of a pair: "141GB vs 80GB", "750 W against 700 W", "2,500 vs. 780".
_PAIR = re.compile(r"\s?(?:vs\.?|versus|against|compared (?:with|to)|对比?|比)\s?")


def _other_entity(first: Any, named: list[Any], ctx: _Context) -> Any:
    """The chip the second amount of a pair belongs to: the first chip named in the sentence
    that is not ``first``, else the last other chip of the same scope named before."""
    def differs(e: Any) -> bool:
        return e is not first and not (isinstance(e, Accelerator) and isinstance(first, Accelerator)
                                       and e.id == first.id)
    for e in named:
        if differs(e):
            return e
    scope = first.is_system if isinstance(first, Accelerator) else None
    for e in reversed(ctx.recent):
        if isinstance(e, Accelerator) and differs(e) and e.is_system == scope:
            return e
    return None


def _pick_metric(metrics: list[tuple[int, int, str]], lo: int, hi: int, q: Quantity | None,
                 unit: str | None) -> str | None:
    inside = [x for x in metrics if x[0] >= lo and x[1] <= hi]
    if unit is not None:
        inside = [x for x in inside if _fits(x[2], unit)]
    if not inside:
        return None
    if q is None:
        return inside[0][2]
    best = min(inside, key=lambda x: min(abs(x[0] - q.end), abs(q.start - x[1])))
    groups = {x[2] for x in inside}
    if best[2] in ("memory.capacity",) and len(groups) > 1 and any(
            g.partition(":")[0] not in _DIMENSION for g in groups):
        return next(g for g in groups if g.partition(":")[0] not in _DIMENSION)
    return best[2]


def _read_quantity(n: str, raw: str, norm: Normalised, sent: _Sentence, q: Quantity,
                   clause: tuple[int, int], mentions: list[Mention], ents: dict[int, Any],
                   metrics: list[tuple[int, int, str]], ctx: _Context, measured: bool,
                   sparse: bool, cells_metric: str, sentence_subject: Any, Q_: Any,
                   cat: Catalog, qs: list[Quantity]) -> _Read | str:
    sentence_text = raw[slice(*norm.span(sent.start, sent.end))].strip()
    conf = 1.0
    if sent.cells and q.kind in ("percent", "times", "fraction") and not scanner(cat).find(
            cells_metric):
        return _table_ratio(n, sent, q, cells_metric, ctx, cat, sentence_text)
    if sent.cells:
        header = [m for m in mentions if False]
        head_ms = scanner(cat).find(cells_metric)
        if head_ms:
            m0 = head_ms[0]
            subj: Any = _entity(m0, cat, ctx, cells_metric[m0.start:m0.end])[0]
            mwords = n[sent.cells[0][0]:sent.cells[0][1]]
        else:
            row = [m for m in mentions if m.start < sent.cells[0][1]]
            if not row:
                return "a table row without a chip"
            subj = ents[row[0].start][0]
            mwords = cells_metric
        cm = _metrics_in(mwords)
        unit_word = q.unit or next((u for u in re.findall(r"\(([^)]+)\)", mwords)), "")
        if not unit_word:
            return "a table cell without a unit"
        unit, default = _unit(unit_word)
        metric = next((x[2] for x in cm if _fits(x[2], unit)), None) or default
        if metric and ":" not in metric and sparse and metric not in _DIMENSION:
            metric = None
        lo, hi = _range(q, q.low, q.high)
        del header
        claim = ChipClaim.absolute(subj, _q(lo, unit), _q(hi, unit) if hi != lo else None,
                                   metric=metric, text=sentence_text)
        return _Read(claim, q, _tolerance(q, q.low), 0.9, False)
    in_clause = [m for m in mentions if clause[0] <= m.start < clause[1]]
    before = [m for m in mentions if m.end <= q.start]
    if q.kind == "bare":  # a TPP figure has no unit
        q = attrs.evolve(q, kind="amount", unit="tpp")
    if q.kind == "amount":
        unit, default = _unit(q.unit)
        subj = None
        follow = [m for m in mentions if q.end <= m.start < q.end + 32 and _FOLLOW.match(
            n[q.end:m.start] + (" " if not n[q.end:m.start].endswith(" ") else ""))]
        owners = [m for m in in_clause if m.end <= q.start and _owns(n, m, q, qs)]
        if follow:
            subj = ents[follow[0].start][0]
        elif owners:
            subj = ents[owners[-1].start][0]
        elif sentence_subject is not None:
            subj = sentence_subject
        elif before:
            cands = [m for m in before if not _is_object(n, sent.start, m, sent.start, None)
                     and _owns(n, m, q, qs)]
            subj = ents[(cands or before)[0 if cands else -1].start][0]
        elif ctx.subject is not None:
            subj, conf = ctx.subject, 0.7
        elif _ANAPHOR.search(n[clause[0]:q.start]):  # "其…700GB/s，…H20": not the H20's
            return "a pronoun or noun phrase with no chip named before it"
        else:  # "With 192 GB on board, the MI300X ...": the chip named after the number
            later = [m for m in mentions if m.start >= q.end
                     and not _is_object(n, sent.start, m, q.end, None)]
            if later:
                subj, conf = ents[later[0].start][0], 0.8
        if subj is None:
            return "a number with a unit but no chip to attach it to"
        if q.unit.startswith("个") and not re.search(r"每秒[^\d，。,;；]{0,8}$",
                                                    n[max(0, q.start - 12):q.start]):
            return "a count of tokens, not a rate"
        if default == "measured" or (measured and re.search(r"token", q.unit)):
            # a measured throughput: a finding of its own (the spec context goes beside it)
            lo, hi = _range(q, q.low, q.high)
            claim = ChipClaim.absolute(subj, _q(lo, "token/s"), _q(hi, "token/s") if hi != lo
                                       else None, text=sentence_text)
            return _Read(claim, q, _tolerance(q, q.low), conf * 0.9, True)
        metric = _pick_metric(metrics, clause[0], clause[1], q, unit) \
            or _pick_metric(metrics, sent.start, sent.end, q, unit) or default
        if metric and sparse and metric not in _DIMENSION and ":" not in metric:
            metric += ":sparse"
        if unit.endswith("OP/s"):
            last = ctx.rate
            if metric is None and last is not None and ctx.sentence - last[2] <= 1 \
                    and last[1] is not subj:
                # "At FP16 the MI300X is good for 1.31 petaflops; the H100 manages 989.5
                # teraflops": a parallel rate of another chip keeps the precision just named
                metric, conf = last[0], min(conf, 0.8)
            elif metric is not None and metric not in _DIMENSION:
                ctx.rate = (metric, subj, ctx.sentence)
        lo, hi = _range(q, q.low, q.high)
        claim = ChipClaim.absolute(subj, _q(lo, unit), _q(hi, unit) if hi != lo else None,
                                   metric=metric, text=sentence_text)
        return _Read(claim, q, _tolerance(q, q.low), min(conf, _sure(subj, ents)), False)
    # a ratio: percent, multiple or fraction
    prev_end = sent.start
    roles: list[tuple[Mention, bool]] = []
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1].start if i + 1 < len(mentions) else None
        roles.append((m, _is_object(n, sent.start, m, prev_end, q.start, nxt)))
        prev_end = m.end
    subjects = [m for m, obj in roles if not obj]
    objects = [m for m, obj in roles if obj]
    subj = ents[subjects[0].start][0] if subjects else (sentence_subject or ctx.subject)
    if not subjects:
        conf = 0.7
    obj_m = [m for m in objects if m.start < clause[1] + 40]
    obj_m = [m for m in obj_m if clause[0] <= m.start < clause[1]] or obj_m  # the clause's own
    if obj_m:
        near = min(obj_m, key=lambda m: abs(m.start - q.start))
        objv = ents[near.start][0]
    elif len(subjects) > 1:
        objv = ents[subjects[1].start][0]
    elif ctx.obj is not None and ctx.obj is not subj:
        objv, conf = ctx.obj, 0.6
    else:  # "its bandwidth leads by 58%": the last other chip of the same scope named before
        scope = subj.is_system if isinstance(subj, Accelerator) else None
        other = [e for e in reversed(ctx.recent) if isinstance(e, Accelerator) and e is not subj
                 and not (isinstance(subj, Accelerator) and e.id == subj.id)
                 and e.is_system == scope]
        if not other or subj is None:
            return "a ratio with only one chip named"
        objv, conf = other[0], 0.5
    if subj is None:
        return "a ratio whose subject is not named"
    def same(a: Any, b: Any) -> bool:
        return a is b or (isinstance(a, Accelerator) and isinstance(b, Accelerator)
                          and a.id == b.id)

    if same(subj, objv):
        others = [ents[m.start][0] for m in subjects[1:] if not same(ents[m.start][0], subj)]
        if not others:
            return "a ratio of a chip to itself"
        objv = others[0]
    metric = _pick_metric(metrics, clause[0], clause[1], q, None)
    odd = _UNCHECKABLE.search(n[clause[0]:clause[1]]) or re.search(
        r"per sm(?![a-z])|每个?sm", n[sent.start:sent.end])
    if metric is None and odd is not None:
        return f"a ratio of a figure the catalog does not hold ({odd.group(0).strip()})"
    if metric is None:  # "带宽4.8TB/s，比H100高出43%": the metric of the clause just before
        prev_metrics = [x for x in metrics if sent.start <= x[1] <= clause[0]
                        and clause[0] - x[1] <= 20 and _MORE.search(n[clause[0]:q.start])]
        if prev_metrics and not re.search(r"faster|slower|快|慢", n[clause[0]:clause[1]]):
            metric = prev_metrics[-1][2]
    if metric is None and not measured and not re.search(
            r"faster|slower|perform|快|慢|性能|算力", n[clause[0]:clause[1]]):
        # "nearly double the older card's 80 GB", "4.8 TB/s, about 1.4x": the metric of the
        # amount nearest in the sentence, as its unit reads it
        amounts = [x for x in qs if x.kind == "amount" and sent.start <= x.start < sent.end
                   and x.unit]
        if amounts:
            nearest = min(amounts, key=lambda x: abs(x.start - q.start))
            unit, default = _unit(nearest.unit)
            metric = _pick_metric(metrics, sent.start, sent.end, nearest, unit) or default
    if metric is None:
        found = {x[2] for x in metrics}
        metric = found.pop() if len(found) == 1 else None
    if metric and sparse and metric not in _DIMENSION and ":" not in metric:
        metric += ":sparse"
    q = _hedge_across(n, q, clause, mentions)
    direction = _direction(n, q, clause)
    lo, hi = q.low, q.high
    if q.kind == "percent":
        lo, hi = lo / 100, hi / 100
        if direction == "more":
            lo, hi = 1 + lo, 1 + hi
        elif direction == "less":
            if hi >= 1:
                return "a percentage lower than 100% or more"
            lo, hi = 1 - hi, 1 - lo
    elif q.kind == "fraction":
        if direction == "less":
            lo, hi = 1 - hi, 1 - lo
        elif direction == "more" and not re.match(r"\s?(?:as|of|that)", n[q.end:q.end + 5]):
            lo, hi = 1 + lo, 1 + hi
    else:  # times
        zh_ambiguous = re.search(r"(?:快|高|多|提升|提高|增加|增长|强)(?:出|上)?了?(?:约|近|达)?$",
                                 n[max(clause[0], q.start - 6):q.start]) is not None \
            or re.match(r"\s?(?:more|faster|higher|greater|larger|bigger|better)\s", n[q.end:q.end + 12]) \
            and re.search(r"by\s?$", n[max(clause[0], q.start - 6):q.start]) is not None
        if zh_ambiguous:
            hi = hi + 1  # "快1.8倍": 1.8x or 2.8x; both readings are tried
            if lo <= 1:  # "高出一倍": only "one more" makes sense for a comparative
                lo = lo + 1
    lo, hi = _range(q, lo, hi)
    if lo <= 0:
        return "a ratio that is not positive"
    claim = ChipClaim.ratio_of(subj, objv, lo, hi if hi != lo else None, metric=metric,
                               text=sentence_text)
    conf = min(conf, _sure(subj, ents), _sure(objv, ents))
    return _Read(claim, q, _tolerance(q, q.low), conf * (0.9 if metric is None else 1.0), measured)


_GAIN = re.compile(r"improve|uplift|gain|increase|delta|change|faster|more|提升|改进|增幅|增长|提高|"
                   r"差距|变化|高出")


def _table_ratio(n: str, sent: _Sentence, q: Quantity, header: str, ctx: _Context, cat: Catalog,
                 sentence_text: str) -> _Read | str:
    """A ratio in a table column that names no chip ("| 指标 | H100 | H200 | 改进 |"): the last
    chip column against the first, on the row's metric; a gain column ("改进", "uplift") reads
    a percentage as that much more."""
    chips: list[Any] = []
    for _, _, h in sent.cells:
        found = scanner(cat).find(h)
        if found:
            chips.append(_entity(found[0], cat, ctx, h[found[0].start:found[0].end])[0])
    if len(chips) < 2 or chips[0] is chips[-1]:
        return "a ratio in a table without two chip columns"
    row = _metrics_in(n[sent.cells[0][0]:sent.cells[0][1]])
    metric = row[0][2] if row else None
    lo, hi = q.low, q.high
    if q.kind == "percent":
        lo, hi = lo / 100, hi / 100
        if _GAIN.search(header):
            lo, hi = 1 + lo, 1 + hi
    elif q.kind == "fraction" and _GAIN.search(header):
        lo, hi = 1 + lo, 1 + hi
    lo, hi = _range(q, lo, hi)
    claim = ChipClaim.ratio_of(chips[-1], chips[0], lo, hi if hi != lo else None, metric=metric,
                               text=sentence_text)
    return _Read(claim, q, _tolerance(q, q.low), 0.8, False)


def _lang(text: str) -> str:
    cjk = sum(1 for ch in text[:2000] if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text[:2000] if ch.isascii() and ch.isalpha())
    return "zh" if cjk * 3 >= latin and cjk else "en"


def read_claims(text: str, *, catalog: Catalog | None = None
                ) -> tuple[list[tuple[tuple[int, int], tuple[int, int], ChipClaim, float, float, bool]],
                           list[Skipped]]:
    """The claims in ``text`` before checking: ``(span, sentence span, claim, tolerance,
    confidence, measured)`` tuples and the skipped candidates."""
    if not isinstance(text, str):
        raise InvalidArgumentError(f"check_text needs a str, got {type(text).__name__}")
    from accelspec.catalogs import catalog as packaged

    cat = catalog if catalog is not None else packaged()
    norm = normalise_text(text)
    n = norm.text
    ctx = _Context()
    skipped: list[Skipped] = []
    out = []
    for sent in _sentences(n):
        for r in _read_sentence(n, text, norm, sent, cat, ctx, skipped):
            out.append((norm.span(r.q.start, r.q.end), norm.span(sent.start, sent.end), r.claim,
                        r.tolerance, r.confidence, r.measured))
    return out, skipped


_CHECKS: dict[tuple[Any, ...], ClaimCheck] = {}
_UNITS: dict[str, Any] = {}


def _q(value: float, unit: str) -> Any:
    """``Q_(value, unit)`` with the unit parsed once per unit string."""
    from accelspec.units import Q_, parse_unit

    u = _UNITS.get(unit)
    if u is None:
        u = _UNITS[unit] = parse_unit(unit)
    return Q_(value, u)


def _side(x: Any) -> Any:
    return ("acc", x.id, id(x)) if isinstance(x, Accelerator) else x


def _checked(claim: ChipClaim, tol: float, catalog: Catalog | None, measured: bool) -> ClaimCheck:
    """:func:`check_claim` with the variants tried, remembered for claims read before (the same
    figures, tolerance and catalog give the same check; only the sentence differs)."""
    key = (_side(claim.subject), _side(claim.object), claim.ratio, claim.metric, claim.stated,
           None if claim.amount is None else tuple(
               None if a is None else (float(a.magnitude), a._units) for a in claim.amount),
           tol, measured, catalog)
    hit = _CHECKS.get(key)
    if hit is None:
        if len(_CHECKS) >= 2048:
            _CHECKS.clear()
        # other variants (H100 PCIe, NVL) are tried for amounts, which pin a variant; a ratio's
        # band would let some variant fit by chance
        hit = _CHECKS[key] = check_claim(claim, tol, catalog, measured=measured,
                                         variants=claim.amount is not None)
    return hit if hit.claim.text == claim.text else attrs.evolve(
        hit, claim=attrs.evolve(hit.claim, text=claim.text))


def check_text(text: str, *, catalog: Catalog | None = None, lang: str | None = None) -> TextReport:
    """Find and check every checkable claim in a text.

    Parameters
    ----------
    text : str
        A sentence, a paragraph, an article or a Markdown table, English or Chinese (simplified
        or traditional).
    catalog : Catalog, optional
        Where names are looked up (default: the packaged catalog).
    lang : {"en", "zh"}, optional
        Language of the summaries (default: the text's own).

    Returns
    -------
    TextReport
        Findings with spans into ``text``; candidates not read are in ``skipped``.

    Raises
    ------
    InvalidArgumentError
        If ``text`` is not a string or ``lang`` is not ``"en"`` or ``"zh"``.
    """
    if lang is not None and lang not in ("en", "zh"):
        raise InvalidArgumentError(f"lang must be 'en' or 'zh', got {lang!r}")
    claims, skipped = read_claims(text, catalog=catalog)
    language = lang or _lang(text)
    findings = []
    for span, sent, claim, tol, conf, measured in claims:
        check = _checked(claim, tol, catalog, measured)
        findings.append(Finding(span, sent, claim, check, round(conf, 2), measured, language))
    return TextReport(text, tuple(findings), tuple(skipped), language)
