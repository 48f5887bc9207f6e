"""Names of catalog fields and compute ratings, with their canonical units.

A *field* is one figure an entry can carry: ``memory.bandwidth``, ``tdp``, ``bf16``,
``fp8:sparse``, ``fp32:vector``... The same short names address values in catalog files, in
``Accelerator.claims(...)``, in metrics and on the command line.

Compute fields follow ``<precision>[:vector][:sparse]``: no suffix is the dense matrix (tensor,
cube) rate; ``:sparse`` the 2:4 structured-sparse matrix rate; ``:vector`` the vector (CUDA core,
non-tensor) rate.

Examples
--------
>>> parse_compute_field("BF16:Sparse")
ComputeKey(precision='bf16', engine='matrix', sparse=True)
>>> ComputeKey("fp32", "vector", False).name
'fp32:vector'
"""

from __future__ import annotations

from typing import Literal

import attrs

from accelspec.errors import UnknownMetricError

__all__ = [
    "PRECISION_TABLE",
    "Precision",
    "precision_info",
    "COMPUTE_ENGINES",
    "DIRECTIONS",
    "FIELDS",
    "INTEGER_PRECISIONS",
    "PRECISIONS",
    "TDP_SCOPES",
    "ComputeKey",
    "FieldInfo",
    "compute_unit",
    "field_info",
    "is_compute_field",
    "parse_compute_field",
    "parse_precision",
]

@attrs.frozen
class Precision:
    """One number format: the single table every precision figure derives from.

    Attributes
    ----------
    name : str
        The catalog name (``"bf16"``).
    bits : int
        Bits per value as stored and as TPP counts an operation (TF32 in a 32-bit word).
    integer : bool
        Whether rates count integer operations (TOP/s) rather than floating-point ones.
    aliases : tuple of str
        Other spellings accepted by :func:`parse_precision` (folded: lower case, no ``-``/``_``).
    words : tuple of str
        Words in prose (English and Chinese) that name the format, for the claim reader.
    """

    name: str
    bits: int
    integer: bool = False
    aliases: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    @property
    def bytes(self) -> float:
        """Bytes per stored value (``bits / 8``; FP4 is 0.5)."""
        return self.bits / 8


#: Every precision the catalog knows, widest first: names, bit lengths, integer flags, aliases.
PRECISION_TABLE: tuple[Precision, ...] = (
    Precision("fp64", 64, aliases=("double", "float64"),
              words=("double precision", "双精度", "雙精度")),
    Precision("fp32", 32, aliases=("single", "float32"),
              words=("single precision", "单精度", "單精度")),
    Precision("tf32", 32, aliases=("tensorfloat32",), words=("tensorfloat-32",)),
    Precision("bf16", 16, aliases=("bfloat16",), words=("brain float 16",)),
    Precision("fp16", 16, aliases=("half", "float16"),
              words=("half precision", "16-bit floating point", "半精度")),
    Precision("fp8", 8, aliases=("float8",), words=("8-bit floating point",)),
    Precision("int8", 8, integer=True, words=("8-bit integer",)),
    Precision("fp6", 6, aliases=("float6",)),
    Precision("fp4", 4, aliases=("float4",), words=("4-bit floating point",)),
    Precision("int4", 4, integer=True),
)
#: Precisions known to the catalog, widest first.
PRECISIONS: tuple[str, ...] = tuple(p.name for p in PRECISION_TABLE)
#: Precisions whose rate is in integer operations per second (TOP/s).
INTEGER_PRECISIONS: frozenset[str] = frozenset(p.name for p in PRECISION_TABLE if p.integer)
#: Compute engines: matrix (tensor / cube units) and vector (CUDA cores, vector units).
COMPUTE_ENGINES: tuple[str, ...] = ("matrix", "vector")

_ENGINE_ALIASES = {"matrix": "matrix", "tensor": "matrix", "cube": "matrix", "vector": "vector"}
_PRECISION_ALIASES = {a: p.name for p in PRECISION_TABLE for a in (p.name, *p.aliases)}


def precision_info(name: str) -> Precision:
    """The :class:`Precision` record for a precision name or alias.

    Raises
    ------
    UnknownMetricError
        If the name is not a known precision.
    """
    key = parse_precision(name)
    return next(p for p in PRECISION_TABLE if p.name == key)


Engine = Literal["matrix", "vector"]


@attrs.frozen
class ComputeKey:
    """Identifies one compute rating: precision, engine and sparsity."""

    precision: str
    engine: Engine = "matrix"
    sparse: bool = False

    @property
    def name(self) -> str:
        """The short field name, e.g. ``"bf16"``, ``"fp8:sparse"``, ``"fp32:vector"``."""
        out = self.precision
        if self.engine == "vector":
            out += ":vector"
        if self.sparse:
            out += ":sparse"
        return out

    @property
    def is_integer(self) -> bool:
        """Whether the rate counts integer operations (TOP/s) rather than FLOP/s."""
        return self.precision in INTEGER_PRECISIONS

    @property
    def unit(self) -> str:
        """Canonical unit of this rating: ``TFLOP/s`` or ``TOP/s``."""
        return compute_unit(self.precision)

    def describe(self) -> str:
        """Plain words, e.g. ``"BF16 dense matrix"`` or ``"FP8 2:4-sparse matrix"``."""
        parts = [self.precision.upper(), "2:4-sparse" if self.sparse else "dense", self.engine]
        return " ".join(parts)


def compute_unit(precision: str) -> str:
    """Canonical unit for a precision's rate: ``TOP/s`` for integers, else ``TFLOP/s``."""
    return "TOP/s" if precision in INTEGER_PRECISIONS else "TFLOP/s"


def _close(word: str, pool: list[str] | tuple[str, ...], n: int = 3, cutoff: float = 0.6) -> list[str]:
    import difflib  # only when a name is wrong

    return difflib.get_close_matches(word, list(pool), n=n, cutoff=cutoff)


def parse_precision(text: str) -> str:
    """Normalise a precision name (``"BF16"``, ``"fp8"``, ``"single"``) to its catalog form.

    Raises
    ------
    UnknownMetricError
        If the name is not a known precision; carries close suggestions.
    """
    if not isinstance(text, str):
        raise UnknownMetricError(repr(text), (), what="precision")
    key = text.strip().lower().replace("-", "").replace("_", "")
    key = _PRECISION_ALIASES.get(key, key)
    if key in PRECISIONS:
        return key
    raise UnknownMetricError(
        text, _close(key, PRECISIONS, n=3, cutoff=0.5), what="precision"
    )


def parse_compute_field(text: str) -> ComputeKey:
    """Parse ``<precision>[:vector|:matrix|:tensor][:sparse|:dense]`` into a :class:`ComputeKey`.

    Raises
    ------
    UnknownMetricError
        If the precision or a qualifier is unknown, or a vector rate is marked sparse.
    """
    parts = [p.strip().lower() for p in text.split(":")]
    precision = parse_precision(parts[0])
    engine: Engine = "matrix"
    sparse = False
    for q in parts[1:]:
        if q in _ENGINE_ALIASES:
            engine = "vector" if _ENGINE_ALIASES[q] == "vector" else "matrix"
        elif q in ("sparse", "dense"):
            sparse = q == "sparse"
        else:
            raise UnknownMetricError(
                text, [f"{precision}:sparse", f"{precision}:vector"], what="compute qualifier in"
            )
    if sparse and engine == "vector":
        raise UnknownMetricError(text, [f"{precision}:sparse"], what="compute field (vector rates have no 2:4 sparsity)")
    return ComputeKey(precision, engine, sparse)


def is_compute_field(text: str) -> bool:
    """Whether ``text`` names a compute rating (without raising)."""
    try:
        parse_compute_field(text)
    except UnknownMetricError:
        return False
    return True


@attrs.frozen
class FieldInfo:
    """What a catalog field holds.

    Attributes
    ----------
    name : str
        The field name.
    kind : {"quantity", "text"}
        A quantity (value and unit) or a text such as a memory type or process node.
    unit : str or None
        Canonical unit for quantities (``None`` for text and for prices, which keep their
        currency).
    extra : tuple of str
        Extra keys a catalog row for this field may carry (``scope``, ``direction``, ``date``).
    description : str
        One line of meaning.
    """

    name: str
    kind: Literal["quantity", "text"]
    unit: str | None
    extra: tuple[str, ...]
    description: str


FIELDS: dict[str, FieldInfo] = {
    f.name: f
    for f in (
        FieldInfo("memory.capacity", "quantity", "GB", (), "on-package memory capacity"),
        FieldInfo("memory.bandwidth", "quantity", "TB/s", (), "peak memory bandwidth"),
        FieldInfo("memory.type", "text", None, (), "memory technology, e.g. HBM3e"),
        FieldInfo("tdp", "quantity", "W", ("scope",), "thermal design power (scope: chip, card, module...)"),
        FieldInfo("interconnect.bandwidth", "quantity", "GB/s", ("direction",),
                  "scale-up interconnect bandwidth (direction stated)"),
        FieldInfo("interconnect.name", "text", None, (), "scale-up interconnect, e.g. NVLink 4"),
        FieldInfo("process", "text", None, (), "process node and foundry"),
        FieldInfo("die_area", "quantity", "mm^2", (), "total logic die area (HBM excluded)"),
        FieldInfo("dies", "quantity", "count", (), "number of logic dies in the package"),
        FieldInfo("transistors", "quantity", "billion", (), "transistor count"),
        FieldInfo("price", "quantity", None, ("date",), "launch or reported price, in its currency"),
        FieldInfo("released", "text", None, (), "release or announcement date"),
        FieldInfo("sram", "quantity", "MB", (),
                  "on-chip SRAM capacity (caches, scratchpad, local memory); never memory capacity"),
        FieldInfo("tpp.published", "quantity", "count", ("date",),
                  "export-control TPP as published by an analyst or government (dimensionless), "
                  "kept beside the TPP computed from the rates"),
    )
}

TDP_SCOPES: tuple[str, ...] = ("chip", "package", "card", "module", "superchip", "system")
DIRECTIONS: tuple[str, ...] = ("bidirectional", "unidirectional", "unstated")


def field_info(name: str) -> FieldInfo:
    """Return the :class:`FieldInfo` for a field name, compute fields included.

    Raises
    ------
    UnknownMetricError
        If the name is neither a fixed field nor a compute field.
    """
    if name in FIELDS:
        return FIELDS[name]
    try:
        key = parse_compute_field(name)
    except UnknownMetricError:
        raise UnknownMetricError(
            name, _close(name, list(FIELDS) + list(PRECISIONS), n=3),
            what="field",
        ) from None
    if key.name != name:
        raise UnknownMetricError(name, [key.name], what="field (write it in canonical form)")
    return FieldInfo(key.name, "quantity", key.unit, (), key.describe() + " rate")
