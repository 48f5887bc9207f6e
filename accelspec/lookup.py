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

__all__ = ["MAX_NAME_LENGTH", "Match", "NameIndex", "NameRecord", "normalise"]

_FOLD = re.compile(r"[\s\-_./·()\[\],]+")

#: Longest name or search text read, in characters; a longer one matches nothing (a lookup says
#: so at once, without fuzzy suggestions whose cost would grow with its length).
MAX_NAME_LENGTH = 200


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
class NameRecord:
    """What the name index reads of an entry: id, display name, vendor, aliases, file."""

    id: str
    name: str
    vendor: str
    aliases: tuple[str, ...]
    origin: str


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
        self._build([NameRecord(a.id, a.name, a.vendor, tuple(a.aliases), a.origin)
                     for a in self._entries.values()])

    @classmethod
    def from_records(cls, entries: Mapping[str, Accelerator], records: Iterable[NameRecord]) -> NameIndex:
        """The index of ``records`` (each entry's names, in catalog order), reading no entry:
        ``entries`` may load lazily. Same tables and errors as building from the entries."""
        index = cls.__new__(cls)
        index._entries = entries
        index._build(list(records))
        return index

    def _build(self, records: list[NameRecord]) -> None:
        explicit: dict[str, str] = {}
        names: dict[str, list[tuple[str, str]]] = {}  # id -> [(display name, key)]
        for a in records:
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
                own.append((name, key))
            names[a.id] = own
        index: dict[str, set[str]] = {k: {v} for k, v in explicit.items()}
        # vendor-prefixed forms ("NVIDIA H20", "Huawei 910B") where they collide with nothing explicit
        for a in records:
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
            With close suggestions, when nothing matches exactly (none for a name longer than
            :data:`MAX_NAME_LENGTH`; the message quotes at most 80 characters of it).
        AmbiguousNameError
            When the name matches several entries, a family name included ("MI300", "Blackwell",
            "910"): the error lists the candidate ids.
        """
        return self._entries[self.resolve_id(name)]

    def resolve_id(self, name: str) -> str:
        """The id :meth:`get` would return the entry of, without reading the entry.

        Raises
        ------
        UnknownAcceleratorError, AmbiguousNameError
            As :meth:`get`.
        """
        if not isinstance(name, str):
            raise UnknownAcceleratorError(repr(name), ())
        if len(name) > MAX_NAME_LENGTH:
            raise UnknownAcceleratorError(name, ())
        ids = self._index.get(normalise(name))  # a family name maps to all its members
        if not ids:  # "华为昇腾910B", "NVIDIA H200": a vendor's name before a known name
            ids = self._index.get(_without_vendor(normalise(name)), set())
        if not ids:
            suggestions = [n for _, n, _, _ in self.search_ids(name, limit=5)]  # no entry is built
            raise UnknownAcceleratorError(name, suggestions)
        if len(ids) > 1:
            raise AmbiguousNameError(name, sorted(ids))
        return next(iter(ids))

    def _search_table(self) -> _SearchTable:
        table: _SearchTable | None = getattr(self, "_table", None)
        if table is None:
            table = _SearchTable(self._names)
            self._table = table
        return table

    def search(self, text: str, limit: int = 10) -> list[Match]:
        """Rank entries by how well one of their names matches ``text``; :meth:`search_ids`
        with each id's entry."""
        return [Match(self._entries[eid], score, matched) for eid, _, score, matched in self.search_ids(text, limit)]

    def search_ids(self, text: str, limit: int = 10) -> list[tuple[str, str, float, str]]:
        """Rank entries by how well one of their names matches ``text``: ``(id, entry name,
        score, matched name)``, best first, without building any entry.

        An exact name scores 1.0; a name with a word equal to the query 0.9; a name that starts with the query, or whose word starts with
        it, scores between 0.6 and 0.9 (shorter remainders rank higher); otherwise similarity.
        Results below 0.45 are dropped; at most ``limit`` (a positive integer) are returned.
        A text longer than :data:`MAX_NAME_LENGTH` characters matches nothing.

        The cost does not grow with the square of anything: exact names, words and prefixes
        are looked up in tables built once per index (hash and binary search), and the
        similarity (difflib's ratio, the costly part) is computed only for names that
        rapidfuzz's indel similarity (an upper bound of it, computed in C over all names at
        once) lets reach the threshold.

        Raises
        ------
        InvalidArgumentError
            If ``limit`` is not a positive integer.
        """
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise InvalidArgumentError(f"search limit must be a positive integer, got {limit!r}")
        if not isinstance(text, str) or len(text) > MAX_NAME_LENGTH:
            return []
        q = normalise(text)
        if not q:
            return []
        table = self._search_table()
        best: dict[int, tuple[float, int]] = {}  # entry number -> (score, name number)
        for number, score in table.scores(q, _tokens(text)).items():
            entry = table.entry_of[number]
            old = best.get(entry)
            if old is None or score > old[0] or (score == old[0] and number < old[1]):
                best[entry] = (score, number)
        import heapq

        ranked = heapq.nsmallest(limit, ((-round(score, 4), table.names[entry], entry, number)
                                         for entry, (score, number) in best.items() if score >= 0.45))
        return [(table.ids[entry], name, -neg, table.display[number]) for neg, name, entry, number in ranked]


class _SearchTable:
    """Every name of an index, flattened, with the tables :meth:`NameIndex.search` reads."""

    def __init__(self, names: Mapping[str, list[tuple[str, str]]]) -> None:
        self.ids: list[str] = list(names)
        # each entry's display name: the second of its names (after the id), for ties
        self.names: list[str] = [names[eid][1][0] if len(names[eid]) > 1 else eid for eid in self.ids]
        self.entry_of: list[int] = []
        self.display: list[str] = []
        self.keys: list[str] = []
        self.by_key: dict[str, list[int]] = {}
        self.by_token: dict[str, list[int]] = {}
        tokens: list[tuple[str, int]] = []
        for entry, eid in enumerate(self.ids):
            for display, key in names[eid]:
                number = len(self.keys)
                self.entry_of.append(entry)
                self.display.append(display)
                self.keys.append(key)
                self.by_key.setdefault(key, []).append(number)
                for token in set(_tokens(display)):
                    self.by_token.setdefault(token, []).append(number)
                    tokens.append((token, number))
        self.sorted_keys = sorted((k, n) for n, k in enumerate(self.keys))
        self.sorted_tokens = sorted(tokens)

    @staticmethod
    def _prefixed(pairs: list[tuple[str, int]], prefix: str) -> list[int]:
        from bisect import bisect_left

        out = []
        for i in range(bisect_left(pairs, (prefix, -1)), len(pairs)):
            item, number = pairs[i]
            if not item.startswith(prefix):
                break
            out.append(number)
        return out

    def scores(self, q: str, qtokens: list[str]) -> dict[int, float]:
        """Score of every name that could reach 0.45, by name number (each name scored by the
        first rule that applies to it, as described in :meth:`NameIndex.search`)."""
        from difflib import SequenceMatcher

        from rapidfuzz import fuzz, process

        scores: dict[int, float] = {}
        nq = len(q)
        for number in self.by_key.get(q, ()):
            scores[number] = 1.0
        if len(qtokens) == 1:
            for number in self.by_token.get(qtokens[0], ()):
                scores.setdefault(number, 0.9)
        for number in self._prefixed(self.sorted_keys, q):
            scores.setdefault(number, 0.6 + 0.3 * nq / len(self.keys[number]))
        for qt in set(qtokens):
            for number in self._prefixed(self.sorted_tokens, qt):
                scores.setdefault(number, 0.55 + 0.25 * nq / len(self.keys[number]))
        # difflib's ratio 2M/T counts matching blocks, at most the longest common subsequence
        # that rapidfuzz's ratio 2*LCS/T counts: names below the cut-off cannot reach 0.45
        # (best first, skipping names that cannot beat their entry's best score so far)
        entry_best: dict[int, float] = {}
        for number, score in scores.items():
            entry = self.entry_of[number]
            entry_best[entry] = max(score, entry_best.get(entry, 0.0))
        exact = SequenceMatcher(None, q)
        for _, bound, number in process.extract(q, self.keys, scorer=fuzz.ratio, limit=None,
                                                score_cutoff=100 * 0.45 / 0.8 - 1e-6):
            entry = self.entry_of[number]
            if number in scores or 0.8 * bound / 100 + 1e-9 < entry_best.get(entry, 0.0):
                continue
            exact.set_seq2(self.keys[number])
            scores[number] = score = 0.8 * exact.ratio()
            entry_best[entry] = max(score, entry_best.get(entry, 0.0))
        return scores
