"""Name lookup over ids, display names and aliases (Chinese names included).

Three levels of strictness, as in pycountry: :meth:`NameIndex.get` is exact over every name
after folding case, width, spaces, dashes, dots and underscores; :meth:`NameIndex.search` ranks
candidates. Substrings never match in ``get``: ``H20`` is not ``H200`` and ``B300`` is not
``GB300``.

Examples
--------
>>> normalise("Ascend-910B")
'ascend910b'
>>> normalise("昇腾 910B")
'昇腾910b'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

import attrs

from accelspec.errors import AmbiguousNameError, CatalogError, InvalidArgumentError, UnknownAcceleratorError
from accelspec.spec import Accelerator

__all__ = ["Match", "NameIndex", "normalise"]

_FOLD = re.compile(r"[\s\-_./·()\[\],]+")


def normalise(name: str) -> str:
    """Fold a name for lookup: NFKC, case-folded, without spaces, dashes, dots or underscores."""
    return _FOLD.sub("", unicodedata.normalize("NFKC", name).casefold())


#: Vendor names (folded) a user may put before a chip's own name, in Chinese and English.
_VENDOR_PREFIXES: tuple[str, ...] = tuple(sorted({
    "华为", "寒武纪", "英伟达", "辉达", "海光", "摩尔线程", "壁仞", "燧原", "昆仑芯", "百度", "阿里", "平头哥",
    "nvidia", "huawei", "cambricon", "amd", "intel", "google", "aws", "amazon", "hygon", "moorethreads",
    "biren", "enflame", "kunlunxin", "baidu", "alibaba", "metax", "沐曦", "iluvatar", "天数智芯",
}, key=len, reverse=True))


def _without_vendor(folded: str) -> str:
    """A folded name without one leading vendor name (``华为昇腾910b`` → ``昇腾910b``)."""
    for prefix in _VENDOR_PREFIXES:
        if folded.startswith(prefix) and len(folded) > len(prefix):
            return folded[len(prefix):]
    return folded


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s\-_/·()]+", unicodedata.normalize("NFKC", name).casefold()) if t]


@attrs.frozen
class Match:
    """A search result: an accelerator, how well it matched (0 to 1) and the name that matched."""

    accelerator: Accelerator
    score: float
    matched: str

    def __repr__(self) -> str:
        return f"Match({self.accelerator.id!r}, score={self.score:.2f}, matched={self.matched!r})"


def _add_families(entries: Iterable[Accelerator], explicit: Mapping[str, str],
                  index: dict[str, set[str]]) -> None:
    """Index family names (an entry's ``family`` and ``families``) to every member.

    A family name that is also an entry's own name or alias stays that entry's (explicit names
    win). A family with several members then reads as ambiguous in :meth:`NameIndex.get`, which
    names the candidates, instead of an unknown name or a silent pick of one member; the
    vendor-prefixed form ("AMD MI300") is indexed the same way.
    """
    families: dict[str, set[str]] = {}
    for a in entries:
        names = ([a.family] if a.family else []) + list(a.families)
        vkey = normalise(a.vendor)
        for fam in names:
            key = normalise(fam)
            if not key:
                raise CatalogError("a family name folds to nothing", file=a.origin, entry=a.id,
                                   field="families")
            for k in {key, key if key.startswith(vkey) else vkey + key}:
                families.setdefault(k, set()).add(a.id)
    for key, ids in families.items():
        if key in explicit:
            continue
        index.setdefault(key, set()).update(ids)


class NameIndex:
    """Index of every name of every entry; built once per catalog."""

    def __init__(self, entries: Iterable[Accelerator]) -> None:
        self._entries: Mapping[str, Accelerator] = {a.id: a for a in entries}
        explicit: dict[str, str] = {}
        owner_field: dict[str, str] = {}
        names: dict[str, list[tuple[str, str]]] = {}  # id -> [(display name, key)]
        for a in self._entries.values():
            own: list[tuple[str, str]] = []
            for field, name in [("id", a.id), ("name", a.name)] + [("aliases", x) for x in a.aliases]:
                key = normalise(name)
                if not key:
                    raise CatalogError("a name folds to nothing", file=a.origin, entry=a.id, field=field)
                if key in explicit and explicit[key] != a.id:
                    raise CatalogError(
                        f"name {name!r} collides with {explicit[key]!r} (both read as {key!r})",
                        file=a.origin, entry=a.id, field=field,
                    )
                explicit[key] = a.id
                owner_field[key] = field
                own.append((name, key))
            names[a.id] = own
        index: dict[str, set[str]] = {k: {v} for k, v in explicit.items()}
        # vendor-prefixed forms ("NVIDIA H20", "Huawei 910B") where they collide with nothing explicit
        for a in self._entries.values():
            vkey = normalise(a.vendor)
            for name, key in list(names[a.id]):
                if key.startswith(vkey):
                    # "NVIDIA A100 SXM 80GB" is also found as "A100 SXM 80GB"
                    bare = key[len(vkey):]
                    if bare and bare not in explicit:
                        index.setdefault(bare, set()).add(a.id)
                        names[a.id].append((name[len(a.vendor):].strip(), bare))
                    continue
                pkey = vkey + key
                if pkey in explicit:
                    continue
                index.setdefault(pkey, set()).add(a.id)
                names[a.id].append((f"{a.vendor} {name}", pkey))
        _add_families(self._entries.values(), explicit, index)
        self._index = index
        self._names = names

    def state(self) -> tuple[dict[str, set[str]], dict[str, list[tuple[str, str]]]]:
        """The index's tables (folded name -> ids, id -> names), for a catalog cache."""
        return self._index, self._names

    @classmethod
    def from_state(cls, entries: Mapping[str, Accelerator],
                   state: tuple[dict[str, set[str]], dict[str, list[tuple[str, str]]]]) -> NameIndex:
        """Rebuild an index from :meth:`state` without reading every entry.

        ``entries`` maps id to accelerator and may load entries lazily; only the entries a
        lookup returns are read.
        """
        index = cls.__new__(cls)
        index._entries = entries
        index._index, index._names = state
        return index

    def get(self, name: str) -> Accelerator:
        """Exact lookup over ids, names and aliases (case, spaces, dashes ignored).

        Raises
        ------
        UnknownAcceleratorError
            With close suggestions, when nothing matches exactly.
        AmbiguousNameError
            When the name matches several entries, a family name included ("MI300", "Blackwell",
            "910"): the error lists the candidate ids.
        """
        if not isinstance(name, str):
            raise UnknownAcceleratorError(repr(name), ())
        ids = self._index.get(normalise(name))  # a family name maps to all its members
        if not ids:  # "华为昇腾910B", "NVIDIA H200": a vendor's name before a known name
            ids = self._index.get(_without_vendor(normalise(name)), set())
        if not ids:
            suggestions = [m.accelerator.name for m in self.search(name, limit=5)]
            raise UnknownAcceleratorError(name, suggestions)
        if len(ids) > 1:
            raise AmbiguousNameError(name, sorted(ids))
        return self._entries[next(iter(ids))]

    def search(self, text: str, limit: int = 10) -> list[Match]:
        """Rank entries by how well one of their names matches ``text``.

        An exact name scores 1.0; a name with a word equal to the query 0.9; a name that starts with the query, or whose word starts with
        it, scores between 0.6 and 0.9 (shorter remainders rank higher); otherwise similarity.
        Results below 0.45 are dropped; at most ``limit`` (a positive integer) are returned.

        Raises
        ------
        InvalidArgumentError
            If ``limit`` is not a positive integer.
        """
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise InvalidArgumentError(f"search limit must be a positive integer, got {limit!r}")
        from difflib import SequenceMatcher  # only for search, not for exact lookup

        q = normalise(text) if isinstance(text, str) else ""
        if not q:
            return []
        qtokens = _tokens(text)
        results: list[Match] = []
        for eid, names in self._names.items():
            best, best_name = 0.0, ""
            for display, key in names:
                if key == q:
                    score = 1.0
                elif any(t == qt for qt in qtokens for t in _tokens(display)) and len(qtokens) == 1:
                    score = 0.9
                elif key.startswith(q):
                    score = 0.6 + 0.3 * len(q) / len(key)
                elif any(t.startswith(qt) for qt in qtokens for t in _tokens(display)):
                    score = 0.55 + 0.25 * len(q) / len(key)
                else:
                    score = 0.8 * SequenceMatcher(None, q, key).ratio()
                if score > best:
                    best, best_name = score, display
            if best >= 0.45:
                results.append(Match(self._entries[eid], round(best, 4), best_name))
        results.sort(key=lambda m: (-m.score, m.accelerator.name))
        return results[:limit]
