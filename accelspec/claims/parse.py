"""Reading simple English and Chinese sentences into :class:`~accelspec.claims.ChipClaim` objects.

Understood shapes (case, full-width characters and dash styles do not matter)::

    H20 is 7.5% of H200                 H20仅为H200的7.5%
    910C reaches 80-90% of H200         910C达到H200的80%-90%
    H20 is 12% faster than 910B         H20比910B快12%
    H200 FP32 is 60-90% higher than H100    H200单精度性能较H100提升60%-90%
    H20 is 10% slower than H100         H20性能略高于910B约12%
    CM384 is 3x H20                     CM384是H20的3倍
    CloudMatrix 384 delivers 300 PFLOPS     H200显存带宽达4.8TB/s

"N times faster than" is read as N times as fast (the common usage), not N + 1 times.
A metric may follow the subject (``H200 FP32``, ``H200's memory bandwidth``, ``H200单精度``),
the object (``the H200's performance``), or close the sentence (``... in memory bandwidth``).
Names resolve through the catalog; a name it does not hold raises :class:`ClaimParseError`
with suggestions, except systems the project knows exist but has no figures for yet
(:data:`KNOWN_UNCATALOGUED`), which are kept as text so the check can say they are unknown.
Nothing is guessed: text outside these shapes is an error that lists them.

Examples
--------
>>> c = parse_claim("H200 FP32 is 60-90% higher than H100")
>>> c.subject.id, c.object.id, c.metric, c.ratio
('nvidia-h200-sxm', 'nvidia-h100-sxm', 'fp32', (1.6, 1.9))
>>> parse_claim("H20仅为H200的7.5%").ratio
(0.075, 0.075)
>>> parse_claim("H20 is much slower than H200")
Traceback (most recent call last):
...
accelspec.claims.ClaimParseError: cannot read a claim from 'H20 is much slower than H200': it has none of the understood shapes; expected one of 'A is N% of B', ...
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from accelspec.claims.model import ChipClaim
from accelspec.errors import ClaimError, ClaimParseError
from accelspec.fields import PRECISION_TABLE
from accelspec.errors import AmbiguousNameError, UnitError, UnknownAcceleratorError
from accelspec.spec import Accelerator

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = ["KNOWN_UNCATALOGUED", "METRIC_WORDS", "SHAPES", "parse_claim"]

#: Sentence shapes the parser understands, quoted in its error messages.
SHAPES: tuple[str, ...] = (
    "'A is N% of B'", "'A is N% higher/faster than B'", "'A is N% lower/slower than B'",
    "'A is Nx B'", "'A delivers 300 PFLOPS'", "'A仅为B的N%'", "'A比B快N%'", "'A达到B的N%-M%'",
    "'A高于B约N%'", "'A较B提升N%'", "'A是B的N倍'", "'A达到300 PFLOPS'",
)

#: Systems known to exist that a catalog may not hold yet (folded name -> display name). A
#: sentence naming one parses; the check reports the name as unknown until a catalog has it.
KNOWN_UNCATALOGUED: dict[str, str] = {
    "cloudmatrix384": "Huawei CloudMatrix 384", "cm384": "Huawei CloudMatrix 384",
    "gb200nvl72": "NVIDIA GB200 NVL72", "nvl72": "NVIDIA GB200 NVL72",
    "atlas900a3supernode": "Huawei Atlas 900 A3 SuperNode",
}

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_TO = r"\s*(?:-|~|to|至|到)\s*"
_PCT = rf"{_NUM}\s*%?(?:{_TO}{_NUM})?\s*%"
_TIMES = rf"{_NUM}(?:{_TO}{_NUM})?\s*(?:x|×|times|倍)"
_AMOUNT = rf"{_NUM}(?:{_TO}{_NUM})?\s*[A-Za-z][A-Za-z/]*"
_HEDGE = r"(?:(?:only|just|about|around|roughly|approximately|nearly|almost|some|over|up to|~)\s+)*"
_ZH_HEDGE = r"(?:仅|只|约|大约|略|近|已经|已)*"

_MORE = ("higher", "faster", "more", "greater", "better", "above", "stronger")
_LESS = ("lower", "slower", "less", "worse", "below", "weaker")

_EN = [
    ("percent", re.compile(
        rf"^(?P<a>.+?)\s+(?:is|are|has|have|delivers|reaches|achieves|offers|provides|gets|hits|"
        rf"performs at|runs at|at)\s+{_HEDGE}(?P<num>{_PCT})\s+(?:that\s+)?of\s+(?P<b>.+)$", re.I)),
    ("compare", re.compile(
        rf"^(?P<a>.+?)\s+(?:(?:is|are|runs|performs)\s+)?{_HEDGE}(?P<num>{_PCT})\s+"
        rf"(?P<dir>{'|'.join(_MORE + _LESS)})\s+(?:than\s+)?(?P<b>.+)$", re.I)),
    ("times", re.compile(
        rf"^(?P<a>.+?)\s+(?:(?:is|are|has|delivers|offers|reaches|achieves)\s+)?{_HEDGE}"
        rf"(?P<num>{_TIMES})\s+(?:(?:{'|'.join(_MORE)})\s+than\s+|as\s+\w+\s+as\s+)?(?P<b>.+)$", re.I)),
    ("amount", re.compile(
        rf"^(?P<a>.+?)\s+(?:is|has|have|delivers|reaches|achieves|offers|provides|hits|gets|"
        rf"with|at|of)\s+{_HEDGE}(?P<num>{_AMOUNT})(?:\s+(?:of\s+)?(?P<m>.+))?$", re.I)),
]
_ZH = [
    ("percent", re.compile(
        rf"^(?P<a>.+?){_ZH_HEDGE}(?:仅为|仅有|只有|只为|约为|为|是|相当于|(?:可以|能够?|可)?达到了?|可?达)(?P<b>.+?)的?"
        rf"\s*(?P<num>{_PCT})$")),
    ("compare", re.compile(
        rf"^(?P<a>.+?)比(?P<b>.+?)(?P<dir>快|高|强|多|慢|低|少|弱)(?:出|了)?\s*(?:约|大约|近)?"
        rf"\s*(?P<num>{_PCT})$")),
    ("compare", re.compile(
        rf"^(?P<a>.+?){_ZH_HEDGE}(?P<dir>高于|超过|超出|强于|快于|低于|慢于|弱于)(?P<b>.+?)"
        rf"(?:约|大约|近)?\s*(?P<num>{_PCT})$")),
    ("compare", re.compile(
        rf"^(?P<a>.+?)(?:较|比|相比|相较于?)(?P<b>.+?)(?P<dir>提升|提高|增加|增长|下降|降低)了?"
        rf"(?:约|大约|近)?\s*(?P<num>{_PCT})$")),
    ("times", re.compile(
        rf"^(?P<a>.+?)(?:是|为|达到了?)(?P<b>.+?)的\s*(?P<num>{_TIMES})$")),
    ("amount", re.compile(
        rf"^(?P<a>.+?){_ZH_HEDGE}(?:实现了?|达到了?|达|为|是|拥有|具有|具备|配备|提供)\s*"
        rf"(?P<num>{_AMOUNT})(?P<m>.*)$")),
]
_ZH_MORE = ("快", "高", "强", "多", "高于", "超过", "超出", "强于", "快于", "提升", "提高", "增加", "增长")

def _precision_patterns() -> list[tuple[str, str]]:
    """One pattern per precision, from :data:`accelspec.fields.PRECISION_TABLE` (names, aliases
    and prose words), longest spelling first inside each, bounded so ``bfloat16`` is never read as
    ``float16``."""
    out = []
    for prec in PRECISION_TABLE:
        # bare "double", "single", "half" are number words in prose, never a precision
        named = {a for a in prec.aliases if any(ch.isdigit() for ch in a)}
        spellings = sorted({prec.name, *named, *prec.words}, key=len, reverse=True)
        alts = "|".join(re.escape(w).replace(r"\ ", r"\s*").replace(r"\-", r"[\s-]?") for w in spellings)
        out.append((rf"(?<![a-z0-9])(?:{alts})(?![a-z0-9])", prec.name))
    return out


_PRECISION_PATTERNS = _precision_patterns()

# metric words: (pattern over folded text, metric name; None = "performance" in general)
_METRICS: list[tuple[re.Pattern[str], str | None]] = [(re.compile(p, re.I), m) for p, m in (
    (r"(?:performance|perf|flops|compute)\s*per\s*watt|energy\s*efficiency|power\s*efficiency|"
     r"能效比?", "perf_per_watt"),
    *_PRECISION_PATTERNS,
    (r"high\s*bandwidth\s*memory|高带宽内存", "memory.capacity"),
    (r"(?:memory|hbm|vram)?\s*bandwidth|显存带宽|内存带宽|带宽", "memory.bandwidth"),
    (r"interconnect|nvlink|scale\s*up", "interconnect.bandwidth"),
    (r"memory(?:\s*capacity)?|capacity|vram|hbm[0-9a-z]*|显存(?:容量)?|内存(?:容量)?", "memory.capacity"),
    (r"\btdp\b|power\s*draw|power\s*consumption|功耗", "tdp"),
    (r"\btpp\b|total\s*processing\s*performance", "tpp"),
    (r"\b(?:llm\s*)?(?:inference|decode|decoding|prefill)\b|推理", "llm"),
)]
#: Metric words understood, for error messages.
METRIC_WORDS = ("a precision such as FP32, single precision, BF16, FP8 sparse; memory bandwidth; "
                "memory capacity; interconnect; TDP; performance per watt; TPP; inference")

# words that say "performance" without naming a metric; they may surround a precision
_GENERIC = re.compile(
    r"\b(?:overall|peak|raw|key|theoretical|ai|compute|computing|computational|power|performance|"
    r"perf|speed|throughput|floating\s*point|float|operations?|flops|tensor|core|in|on|for|at|of|"
    r"the|its|some)\b|整体|综合|关键|峰值|浮点|运算|计算|性能|算力|效能|上|在|中|的|实际|任务|能力|一些",
    re.I)


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"[\u2010-\u2015\u2212]", "-", t)
    return re.sub(r"\s+", " ", t).strip().rstrip(".。!！;；")


def _numbers(span: str) -> tuple[float, float]:
    vals = [float(x.replace(",", "")) for x in re.findall(_NUM, span)]
    return vals[0], vals[-1]


def _metric_of(text: str) -> tuple[bool, str | None]:
    """(understood, metric) for the words around a name; ``(True, None)`` means general."""
    t = text.strip().replace("'s", " ").replace("-", " ").replace("_", " ")
    found: list[str] = []
    for pattern, metric in _METRICS:
        if pattern.search(t):
            found.append(metric or "")
            t = pattern.sub(" ", t)
    sparse = bool(re.search(r"sparse|sparsity|稀疏", t, re.I))
    t = re.sub(r"sparse|sparsity|稀疏|dense|稠密", " ", t, flags=re.I)
    rest = _GENERIC.sub(" ", t).strip(" ,，、")
    if rest or len(set(found)) > 1:
        return False, None
    metric = found[0] if found else None
    if metric and sparse:
        metric += ":sparse"
    return True, metric


def _strip_name(name: str) -> list[str]:
    n = re.sub(r"^(?:the|its)\s+", "", name.strip(), flags=re.I)
    n = re.sub(r"'s$", "", n)
    n = re.sub(r"\s*(?:chips?|gpus?|npus?|cards?|accelerators?|modules?|芯片|显卡|加速卡)$", "", n,
               flags=re.I).strip()
    out = [n]
    v = re.sub(r"^(?:huawei|nvidia|amd|intel|华为|英伟达)(?:'s)?\s*", "", n, flags=re.I).strip()
    if v and v != n:
        out.append(v)
    return out


def _lookup_name(name: str, cat: Catalog) -> Accelerator | str | None:
    from accelspec.lookup import normalise

    index = cat._name_index().state()[0]
    for n in _strip_name(name):
        if not n:
            continue
        if normalise(n) in index:  # exact only: no fuzzy search while parsing
            return cat.get(n)
        folded = re.sub(r"[\s\-_.]", "", n.lower())
        if folded in KNOWN_UNCATALOGUED:
            return n
    return None


def _splits(span: str) -> list[tuple[str, str]]:
    """Ways to cut a span into (name, metric words), most name first."""
    s = span.strip()
    out = [(s, "")]
    m = re.match(r"^(?:the\s+)?(?P<m>.+?)\s+of\s+(?:the\s+)?(?P<n>.+)$", s, re.I)
    if m:
        out.append((m["n"], m["m"]))
    m = re.match(r"^(?P<n>.+?)\s+(?:in|on|for|at)\s+(?P<m>.+)$", s, re.I)
    if m:
        out.append((m["n"], m["m"]))
    m = re.match(r"^(?P<n>.+?)'s\s+(?P<m>.+)$", s)
    if m:
        out.append((m["n"], m["m"]))
    if " " in s:
        words = s.split(" ")
        out += [(" ".join(words[:i]), " ".join(words[i:])) for i in range(len(words) - 1, 0, -1)]
    out += [(s[:i].rstrip(), s[i:]) for i in range(len(s) - 1, 0, -1)
            if not s[i - 1].isascii() or not s[i].isascii()]  # Chinese: cut between characters
    return out


def _entity(span: str, side: str, text: str, cat: Catalog) -> tuple[Accelerator | str, str | None]:
    first_error: UnknownAcceleratorError | None = None
    odd_words: tuple[str, str] | None = None
    for name, words in _splits(span):
        name, words = name.rstrip("的 "), words.lstrip("的 ")
        if not name:
            continue
        try:
            found = _lookup_name(name, cat)
        except AmbiguousNameError as exc:
            raise ClaimParseError(text, f"the {side} {name!r}: {exc}") from None
        if found is None:
            if first_error is None:
                try:  # suggestions only for the first failed name, and a short one
                    cat.get((_strip_name(name)[0] or name)[:40])
                except UnknownAcceleratorError as exc:
                    first_error = exc
            continue
        ok, metric = _metric_of(words)
        if ok:
            return found, metric
        odd_words = odd_words or (name, words)
    if odd_words is not None:
        raise ClaimParseError(text, f"did not understand {odd_words[1]!r} after {odd_words[0]!r}; "
                                    f"expected a metric ({METRIC_WORDS}) or nothing")
    hint = f" ({first_error})" if first_error is not None else ""
    raise ClaimParseError(text, f"the {side} {span.strip()!r} is not an accelerator in the "
                                f"catalog{hint}")


def _unit(word: str, text: str) -> str:
    w = re.sub(r"(?i)flops$", "FLOP/s", word)  # prose "PFLOPS"/"PFLOPs" means a rate
    w = re.sub(r"(?i)^([kmgtpe]?)tops$", lambda m: m.group(1).upper() + "OP/s", w)
    w = re.sub(r"(?i)^([kmgtpe]?)flop/s$", lambda m: m.group(1).upper() + "FLOP/s", w)
    return w


#: Longest folded sentence (characters) the anchored shapes are tried on; longer text is read by
#: the linear pipeline of :func:`accelspec.claims.text.check_text` alone.
ANCHORED_MAX_CHARS = 240


def parse_claim(text: str, *, catalog: Catalog | None = None) -> ChipClaim:
    """Read a sentence into a :class:`~accelspec.claims.ChipClaim`.

    Parameters
    ----------
    text : str
        An English or Chinese sentence in one of the :data:`SHAPES`.
    catalog : Catalog, optional
        Where names are looked up (default: the packaged catalog).

    Returns
    -------
    ChipClaim
        Names resolved to :class:`~accelspec.spec.Accelerator` objects (a
        :data:`KNOWN_UNCATALOGUED` system stays text); ``text`` keeps the sentence.

    Raises
    ------
    ClaimParseError
        If the sentence has none of the shapes, a name is not in the catalog (with
        suggestions), a metric is not understood, or two metrics disagree.
    """
    if not isinstance(text, str) or not text.strip():
        raise ClaimParseError(str(text), "empty text; expected one of " + ", ".join(SHAPES))
    from accelspec.catalogs import catalog as packaged

    cat = catalog if catalog is not None else packaged()
    folded = _fold(text)
    has_digit = re.search(r"\d", folded) is not None
    first: ClaimParseError | None = None
    # The anchored shapes read a whole short sentence; their backtracking grows fast with length,
    # so longer text goes straight to the reading pipeline (linear in the text).
    if has_digit and len(folded) <= ANCHORED_MAX_CHARS:
        for kind, pattern in _EN + _ZH:
            m = pattern.match(folded)
            while m is not None:
                try:
                    return _build(kind, m, text, cat)
                except ClaimParseError as exc:  # a longer subject or another shape may fit
                    first = first or exc
                except ClaimError as exc:
                    first = first or ClaimParseError(text, str(exc))
                m = _longer_subject(pattern, len(m["a"]) + 1).match(folded)
    if first is None or "not an accelerator in the catalog" in first.problem:
        # the reading pipeline of check_text: the sentence's main (first) claim
        from accelspec.claims.text import read_claims

        found, _ = read_claims(text, catalog=catalog)
        if found:
            return found[0][2]
    if first is not None:
        raise first
    if not has_digit:
        raise ClaimParseError(text, "no number to check; expected one of " + ", ".join(SHAPES))
    raise ClaimParseError(text, "it has none of the understood shapes; expected one of "
                                + ", ".join(SHAPES))


@lru_cache(maxsize=256)
def _longer_subject(pattern: re.Pattern[str], n: int) -> re.Pattern[str]:
    """``pattern`` with a subject of at least ``n`` characters (a verb such as 达 may sit inside
    a name such as 英伟达H20)."""
    return re.compile(pattern.pattern.replace("(?P<a>.+?)", f"(?P<a>.{{{n},}}?)", 1), pattern.flags)


def _build(kind: str, m: re.Match[str], text: str, cat: Catalog) -> ChipClaim:
    subject, m_a = _entity(m["a"], "subject", text, cat)
    lo, hi = _numbers(m["num"])
    hi_or_none = None if hi == lo else hi
    if kind == "amount":
        from accelspec.units import Q_

        word = re.search(r"[A-Za-z][A-Za-z/]*$", m["num"])
        assert word is not None
        try:
            unit = _unit(word.group(0), text)
            amount = Q_(lo, unit)
            high = Q_(hi, unit) if hi_or_none is not None else None
        except UnitError as exc:
            raise ClaimParseError(text, f"the amount {m['num']!r}: {exc}") from None
        trailing = (m.groupdict().get("m") or "").strip()
        ok, m_t = _metric_of(trailing)
        if not ok:
            raise ClaimParseError(text, f"did not understand {trailing!r} after the amount; "
                                        f"name a metric (memory bandwidth, FP8...) or nothing")
        metric = _agree(text, m_a, m_t)
        return ChipClaim.absolute(subject, amount, high, metric=metric, text=text)
    obj, m_b = _entity(m["b"], "object", text, cat)
    metric = _agree(text, m_a, m_b)
    args: dict[str, Any] = {"metric": metric, "text": text}
    if kind == "percent":
        return ChipClaim.percent_of(subject, obj, lo, hi_or_none, **args)
    if kind == "times":
        return ChipClaim.times(subject, obj, lo, hi_or_none, **args)
    direction = m["dir"].lower()
    if direction in _MORE or direction in _ZH_MORE:
        return ChipClaim.more_than(subject, obj, lo, hi_or_none, **args)
    return ChipClaim.less_than(subject, obj, lo, hi_or_none, **args)


def _agree(text: str, a: str | None, b: str | None) -> str | None:
    if a and b and a != b:
        raise ClaimParseError(text, f"it names two metrics, {a} and {b}; compare one at a time")
    return a or b
