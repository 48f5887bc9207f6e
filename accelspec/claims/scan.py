"""One multi-pattern scan for every chip name of a catalog (Aho-Corasick, built once per catalog).

:func:`scanner` builds, from the catalog's name index, an automaton over every folded id, name,
alias, vendor-prefixed name, family name and distinctive last word ("NVL72" of "GB200 NVL72");
:meth:`Scanner.find` returns the mentions in a folded text, longest first, never inside a longer
word ("H20" is not found in "H200"). A family or a shared name gives several candidates.
Scanning is linear in the text; nothing fuzzy runs here.

Examples
--------
>>> import accelspec as acs
>>> [m.ids for m in scanner(acs.catalog()).find("h20仅为h200的7.5%")]
[('nvidia-h20',), ('nvidia-h200-sxm',)]
"""

from __future__ import annotations

import re
import weakref
from typing import TYPE_CHECKING, Any

import attrs

from accelspec.lookup import normalise

if TYPE_CHECKING:  # pragma: no cover
    from accelspec.catalogs import Catalog

__all__ = ["Mention", "Scanner", "UNKNOWN_BRANDS", "scanner"]

_SEP = re.compile(r"[\s\-_./·()\[\],]")
_ALNUM = re.compile(r"[a-z0-9]")
#: Spelling variants seen in real text, folded: variant -> catalog spelling.
VARIANTS: dict[str, str] = {"升腾": "昇腾", "思源": "思元", "昇腾芯片": "昇腾"}
#: Brand words that, followed by a model number, name a chip even when the catalog lacks it.
UNKNOWN_BRANDS = ("ascend", "昇腾", "升腾", "instinct", "mi", "tesla", "gaudi", "hygon", "海光",
                  "kunlun", "昆仑", "思元", "mlu", "tpu", "trainium", "inferentia", "nvidia", "英伟达",
                  "辉达", "amd", "华为")
_AMOUNTISH = re.compile(r"^\d+(?:gb|tb|w|kw|nm)$|^(?:hbm|gddr|lpddr|ddr|pcie|gen|fp|bf|int)\w*$")


@attrs.frozen
class Mention:
    """A chip name found in folded text.

    Attributes
    ----------
    start, end : int
        Offsets in the folded text.
    ids : tuple of str
        Catalog ids it may name (several for a family or a shared name); empty for a name the
        catalog lacks.
    name : str
        The text as written (folded).
    family : bool
        Whether it names a family or brand rather than one entry.
    """

    start: int
    end: int
    ids: tuple[str, ...]
    name: str
    family: bool = False


class Scanner:
    """An Aho-Corasick automaton over every name of a catalog."""

    def __init__(self, keys: dict[str, tuple[tuple[str, ...], bool]]) -> None:
        import ahocorasick

        self._auto: Any = ahocorasick.Automaton()
        for key, value in keys.items():
            self._auto.add_word(key, (len(key), value[0], value[1]))
        self._auto.make_automaton()
        self._unknown = re.compile(
            r"(?<![a-z0-9])(?:" + "|".join(re.escape(b) for b in UNKNOWN_BRANDS) +
            r")(?:'s)?\s?(?:instinct\s?|ascend\s?|tesla\s?)?([a-z]{0,3}\d{2,4}[a-z]{0,2}\d?)(?![a-z0-9])")

    def find(self, text: str) -> list[Mention]:
        """Mentions in folded ``text`` (see :func:`accelspec.claims.normalise.normalise_text`),
        left to right, non-overlapping, longest first."""
        keep = [i for i, ch in enumerate(text) if not _SEP.match(ch)]
        compact = "".join(text[i] for i in keep)
        for v, canon in VARIANTS.items():
            if v in compact and len(v) == len(canon):
                compact = compact.replace(v, canon)
        found: list[tuple[int, int, tuple[str, ...], bool]] = []
        if compact:
            for end, (n, ids, fam) in self._auto.iter(compact):
                s, e = keep[end - n + 1], keep[end] + 1
                if (s > 0 and _ALNUM.match(text[s - 1]) and _ALNUM.match(text[s])) or \
                        (e < len(text) and _ALNUM.match(text[e]) and _ALNUM.match(text[e - 1])):
                    continue
                found.append((s, e, ids, fam))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        out: list[Mention] = []
        last = -1
        for s, e, ids, fam in found:
            if s >= last:
                out.append(Mention(s, e, ids, text[s:e], fam))
                last = e
        for m in self._unknown.finditer(text):
            clash = [o for o in out if o.start < m.end() and m.start() < o.end]
            if any(not o.family for o in clash):
                continue
            out = [o for o in out if o not in clash]
            out.append(Mention(m.start(), m.end(), (), text[m.start():m.end()]))
        out.sort(key=lambda m: m.start)
        return out


def _keys(cat: Catalog) -> dict[str, tuple[tuple[str, ...], bool]]:
    index, names = cat._name_index().state()
    keys: dict[str, tuple[tuple[str, ...], bool]] = {k: (tuple(sorted(v)), False)
                                                     for k, v in index.items()}
    last_words: dict[str, set[str]] = {}
    for eid, own in names.items():
        for display, _ in own:
            words = [w for w in re.split(r"[\s\-_/()]+", display.casefold()) if w]
            if len(words) > 1 and re.search(r"\d", words[-1]) and re.search(r"[a-z]", words[-1]) \
                    and len(words[-1]) >= 4 and not _AMOUNTISH.match(words[-1]):
                last_words.setdefault(normalise(words[-1]), set()).add(eid)
    for w, ids in last_words.items():
        if len(ids) == 1 and w not in keys:
            keys[w] = (tuple(ids), False)
    families: dict[str, set[str]] = {}
    for a in cat:
        if a.family:
            fam = normalise(re.sub(r"\(.*?\)", "", a.family))
            if fam and not re.search(r"\d", fam):
                families.setdefault(fam, set()).add(a.id)
    for fam, ids in families.items():
        if fam not in keys:
            keys[fam] = (tuple(sorted(ids)), True)
    for k in list(keys):  # "昇腾" alone names the Ascend family
        for brand in ("昇腾", "ascend"):
            if k.startswith(brand) and brand not in keys:
                keys[brand] = (tuple(sorted({i for kk, (ids, _) in keys.items()
                                             if kk.startswith(brand) for i in ids})), True)
    return keys


_CACHE: "weakref.WeakKeyDictionary[Any, Scanner]" = weakref.WeakKeyDictionary()


def scanner(cat: Catalog) -> Scanner:
    """The scanner for ``cat``, built on first use and kept while the catalog lives."""
    s = _CACHE.get(cat)
    if s is None:
        s = _CACHE[cat] = Scanner(_keys(cat))
    return s

