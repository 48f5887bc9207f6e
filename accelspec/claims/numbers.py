"""Numbers, number words, hedges and units in folded English and Chinese text.

:func:`quantities` finds every number a claim may state: digits (``3,958``, ``1.56``), English
and Chinese number words (twice, fourfold, one-third, 两倍, 近三倍, 三分之一, 百分之十五, 四成),
ranges (``80-90%``, ``60%至90%``), hedges before or after (about, up to, over, 约, 近, 左右, 以上,
逾, 高达) and what follows the number: a percentage, a multiple, or a unit (TFLOPS, PetaFLOPS,
TOPS = tera-operations per second, ``1979T``, ``1.56P``, TB/s, GB, W, kW).

Examples
--------
>>> q = quantities("约为h200的15%左右")[0]
>>> (q.low, q.kind, q.hedge)
(15.0, 'percent', 'about')
"""

from __future__ import annotations

import re

import attrs

__all__ = ["Quantity", "chinese_number", "quantities"]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def chinese_number(text: str) -> float:
    """A Chinese numeral (一百二十, 十五, 两, 三分之一, 百分之十五 as 15) as a number.

    Raises
    ------
    ValueError
        If ``text`` is not a Chinese numeral.
    """
    if "分之" in text:
        den, _, num = text.partition("分之")
        if den == "百":
            return chinese_number(num)
        return chinese_number(num) / chinese_number(den)
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (digit or 1) * _CN_UNITS[ch]
            digit = 0
    return float(total + digit)


_EN_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
             "twenty": 20}
_MULTIPLES = {"twice": 2.0, "double": 2.0, "doubles": 2.0, "doubled": 2.0, "triple": 3.0,
              "tripled": 3.0, "triples": 3.0, "quadruple": 4.0, "quadrupled": 4.0}
_FRACTIONS = {"half": 0.5, "one-half": 0.5, "one-third": 1 / 3, "a third": 1 / 3,
              "one third": 1 / 3, "a quarter": 0.25, "one-quarter": 0.25, "one quarter": 0.25,
              "two-thirds": 2 / 3, "two thirds": 2 / 3, "three-quarters": 0.75}

_HEDGE_BEFORE = {
    "about": "about", "around": "about", "roughly": "about", "approximately": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "some": "about", "~": "about",
    "an estimated": "about", "near": "about", "just under": "nearly", "just over": "about",
    "up to": "up_to", "as much as": "up_to", "as many as": "up_to", "at most": "up_to",
    "over": "over", "more than": "over", "above": "over", "at least": "over",
    "in excess of": "over", "upwards of": "over",
    "约为": "about", "大约": "about", "约": "about", "近": "nearly", "接近": "nearly", "将近": "nearly",
    "大概": "about", "逾": "over", "超过": "over", "超": "over", "高达": "up_to", "可达": "up_to",
    "多达": "up_to", "最高": "up_to", "不到": "under", "不足": "under",
    "less than": "under", "under": "under", "fewer than": "under", "below": "under", "仅约": "about",
}
_HEDGE_AFTER = {"左右": "about", "上下": "about", "以上": "over", "多": "over", "余": "over",
                "有余": "over", "出头": "over", "or so": "about", "or more": "over", "plus": "over"}

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?|\d*\.\d+"
_CN = r"[零〇一二两三四五六七八九十百千万]+"
_UNIT = (r"(?:peta|tera|giga)\s?flops|[kmgtpe]?flop/s|[kmgtpe]?flops|[kmgtpe]?tops|"
         r"[kmgtp]?b/s|[kmgtp]i?b(?![a-z])|[kmg]?w(?![a-z])|tokens?/s|tokens per second|"
         r"个\s?tokens?(?![a-z/])|"
         r"(?:peta|tera|giga)bytes?(?:/s| per second)?|t(?![a-z0-9])|p(?![a-z0-9])")
_BEFORE = "|".join(sorted((re.escape(h) for h in _HEDGE_BEFORE), key=len, reverse=True))
_AFTER = "|".join(sorted((re.escape(h) for h in _HEDGE_AFTER), key=len, reverse=True))
_FRAC = "|".join(sorted((re.escape(w) for w in _FRACTIONS), key=len, reverse=True))
_MULT = "|".join(sorted(_MULTIPLES, key=len, reverse=True))
_WORD = "|".join(sorted(_EN_WORDS, key=len, reverse=True))

_PATTERN = re.compile(
    rf"(?:(?P<hedge>{_BEFORE})\s?)?(?:"
    rf"(?P<pctcn>百分之{_CN})|"
    rf"(?P<fraccn>{_CN}分之{_CN})|"
    rf"(?P<frac>(?<![a-z]){_FRAC}(?![a-z]))|"
    rf"(?P<mult>(?<![a-z])(?:{_MULT})(?![a-z]))|"
    rf"(?P<fold>(?<![a-z])(?:{_WORD}|\d+(?:\.\d+)?)[\s-]?fold(?![a-z]))|"
    rf"(?P<wtimes>(?<![a-z])(?:{_WORD})\s(?:times|x)(?![a-z]))|"
    rf"(?P<fan>(?<=翻)了?(?:一倍|倍|一番|番))|"  # 翻倍, 翻了一倍, 翻番: doubled (x2); 翻 stays outside
    rf"(?P<cn>{_CN})(?=倍|成)|"
    rf"(?P<wamt>(?<![a-z])(?:{_WORD})(?=\s(?:{_UNIT})))|"
    rf"(?P<num>(?<![a-z0-9.])(?:{_NUM})(?:/(?P<den>\d+))?)"
    rf"(?:\s?(?P<pct1>%|percent|per cent))?"
    rf"(?:\s?(?:-|~|to|至|到|and)\s?(?P<num2>{_NUM})(?!\s?(?:tb|gb|w\b)[^/]*\bof))?"
    rf")"
    # precision and kind words between the number and a compute unit: "667 dense BF16 TFLOPS"
    rf"(?:\s(?:(?:dense|sparse|peak|matrix|tensor|vector|bf16|fp\d+|int\d+|tf32)\s){{1,3}}"
    rf"(?=(?:peta|tera)\s?flops|[kmgtpe]?flop/s|[kmgtpe]?flops|[kmgtpe]?tops))?"
    rf"(?:\s?(?P<suffix>%|percent|per cent|倍|成|x(?![a-z0-9])|×|times(?![a-z])|{_UNIT}))?"
    rf"(?:(?<=成)(?P<tenth>[一二三四五六七八九])(?![十百千万倍成分]))?"
    rf"(?:\s?(?P<after>{_AFTER}))?"
)


@attrs.frozen
class Quantity:
    """A number in folded text and how it is stated.

    Attributes
    ----------
    start, end : int
        Offsets in the folded text.
    low, high : float
        The value (equal for one number), as written: 15 for "15%", 2 for "twice".
    kind : str
        ``"percent"``, ``"times"``, ``"fraction"`` (a ratio as a fraction: half, 1/3, 四成 as
        0.4), ``"amount"`` (with ``unit``) or ``"bare"`` (no unit).
    unit : str
        The unit as written, folded (``"tflops"``, ``"tb/s"``, ``"t"``); empty otherwise.
    hedge : str
        ``"exact"``, ``"about"``, ``"nearly"`` (just under), ``"up_to"``, ``"under"`` (less
        than, 不到: anything below), ``"over"`` or
        ``"round_word"``.
    digits : int
        Significant digits of the number as written (0 for words).
    """

    start: int
    end: int
    low: float
    high: float
    kind: str
    unit: str = ""
    hedge: str = "exact"
    digits: int = 0


def _digits(s: str) -> int:
    t = s.replace(",", "").lstrip("0.")
    t = t.replace(".", "")
    if "." not in s.replace(",", ""):
        t = t.rstrip("0") or t
    return max(1, len(t))


def quantities(text: str) -> list[Quantity]:
    """Every number in folded ``text``, left to right (see the module docstring)."""
    out: list[Quantity] = []
    for m in _PATTERN.finditer(text):
        g = m.groupdict()
        suffix = (g["suffix"] or "").strip()
        hedge = _HEDGE_BEFORE.get(g["hedge"] or "", "exact")
        if g["after"]:
            hedge = _HEDGE_AFTER[g["after"]] if hedge == "exact" else hedge
            if g["after"] == "多" and suffix not in ("倍", "成", "%"):
                hedge = "exact" if hedge == "over" and not g["hedge"] else hedge
        digits = 0
        unit = ""
        if g["pctcn"]:
            lo = hi = chinese_number(g["pctcn"][3:])
            kind = "percent"
        elif g["fraccn"]:
            lo = hi = chinese_number(g["fraccn"])
            kind, hedge = "fraction", hedge if hedge != "exact" else "exact"
        elif g["frac"]:
            lo = hi = _FRACTIONS[g["frac"]]
            kind, hedge = "fraction", (hedge if hedge != "exact" else "round_word")
        elif g["mult"]:
            lo = hi = _MULTIPLES[g["mult"]]
            kind, hedge = "times", (hedge if hedge != "exact" else "round_word")
        elif g["fan"]:
            lo = hi = 2.0
            kind, hedge = "times", (hedge if hedge != "exact" else "round_word")
        elif g["fold"]:
            w = re.split(r"[\s-]?fold", g["fold"])[0]
            lo = hi = float(_EN_WORDS.get(w) or w)
            kind, hedge = "times", (hedge if hedge != "exact" else "round_word")
        elif g["wtimes"]:
            lo = hi = float(_EN_WORDS[g["wtimes"].split()[0]])
            kind, hedge = "times", (hedge if hedge != "exact" else "round_word")
        elif g["wamt"]:  # "five petaflops": a number word with a unit
            if not suffix:
                continue
            lo = hi = float(_EN_WORDS[g["wamt"]])
            kind, unit, digits = "amount", re.sub(r"\s+", "", suffix), 1
        elif g["cn"]:
            try:
                lo = hi = chinese_number(g["cn"])
            except ValueError:  # pragma: no cover - the pattern only takes numerals
                continue
            if suffix == "成":  # 七成 0.7, 七成五 0.75
                lo = hi = lo / 10 + (chinese_number(g["tenth"]) / 100 if g["tenth"] else 0.0)
                kind = "fraction"
            else:
                kind = "times"
            hedge = hedge if hedge != "exact" else "round_word"
        else:
            raw = g["num"]
            if g["den"]:
                a, _, b = raw.partition("/")
                if float(b) == 0:
                    continue
                lo = hi = float(a.replace(",", "")) / float(b)
                kind = "fraction"
            else:
                lo = float(raw.replace(",", ""))
                hi = float(g["num2"].replace(",", "")) if g["num2"] else lo
                if hi < lo:
                    hi = lo
                digits = _digits(raw)
                if g["pct1"] or suffix in ("%", "percent", "per cent"):
                    kind = "percent"
                elif suffix in ("倍", "x", "×", "times"):
                    kind = "times"
                elif suffix == "成":
                    lo, hi, kind = lo / 10, hi / 10, "fraction"
                elif suffix:
                    kind, unit = "amount", re.sub(r"\s+", "", suffix)
                else:
                    kind = "bare"
        out.append(Quantity(m.start(), m.end(), lo, hi, kind, unit, hedge, digits))
    return out
