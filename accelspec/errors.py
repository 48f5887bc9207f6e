"""The accelspec exception hierarchy.

Every error derives from :class:`AccelspecError` and also from the builtin that fits it, so
``except LookupError`` or ``except ValueError`` work as a caller expects. A user's mistake never
surfaces as a traceback from inside pint, attrs or TOML parsing: those are caught at the boundary
and re-raised as one of these, naming what was wrong and where.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "AccelspecError",
    "AmbiguousNameError",
    "CatalogError",
    "InvalidArgumentError",
    "MissingSpecError",
    "UnitError",
    "UnknownAcceleratorError",
    "UnknownMetricError",
    "UnknownModelError",
    "UnknownNameError",
    "UnknownRuleError",
    "WorkloadError",
]

#: Most characters of a user's input that an error message repeats.
QUOTE_LIMIT = 80


def quote(text: Any, limit: int = QUOTE_LIMIT) -> str:
    """``repr`` of ``text`` cut to ``limit`` characters, with its length when cut, for messages.

    Examples
    --------
    >>> quote("H2O0")
    "'H2O0'"
    >>> quote("x" * 1000, limit=4)
    "'xxxx'... (1000 characters)"
    """
    if not isinstance(text, str):
        if isinstance(text, int) and text.bit_length() > 256:  # repr fails past 4,300 digits
            return f"an integer of about {int(text.bit_length() * 0.30103) + 1} digits"
        text = repr(text)
        return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}... ({len(text)} characters)"


class AccelspecError(Exception):
    """Base class of every error raised by accelspec."""


class UnknownAcceleratorError(AccelspecError, LookupError):
    """No accelerator matches a name.

    Attributes
    ----------
    query : str
        The name that was looked up.
    suggestions : tuple of str
        Close matches (display names), best first; may be empty.
    """

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        msg = f"no accelerator named {quote(query)} in the catalog"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)

    def __str__(self) -> str:  # LookupError would otherwise show the repr of the args
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:  # rebuilt from its fields, not from the message
        return (type(self), (self.query, self.suggestions), self.__dict__)


class AmbiguousNameError(AccelspecError, LookupError):
    """A name matches several accelerators equally well.

    Attributes
    ----------
    query : str
        The name that was looked up.
    candidates : tuple of str
        Ids of the entries it matches.
    """

    def __init__(self, query: str, candidates: Sequence[str]) -> None:
        self.query = query
        self.candidates = tuple(candidates)
        super().__init__(
            f"{query!r} is ambiguous: it names {', '.join(self.candidates)}; use one of these ids"
        )

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.query, self.candidates), self.__dict__)


class CatalogError(AccelspecError, ValueError):
    """A catalog file is invalid.

    Attributes
    ----------
    file : str or None
        Path of the file (or ``"<string>"``).
    entry : str or None
        Id of the entry (accelerator, system or source), when known.
    field : str or None
        The field or key that was wrong, when known.
    problem : str
        What was wrong.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        entry: str | None = None,
        field: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.entry = entry
        self.field = field
        where = []
        if file is not None:
            where.append(str(file))
        if entry is not None:
            where.append(f"entry {entry!r}")
        if field is not None:
            where.append(f"field {field!r}")
        prefix = ": ".join([", ".join(where)]) + ": " if where else ""
        super().__init__(prefix + problem)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_catalog_error, (type(self), self.problem, self.file, self.entry, self.field), self.__dict__)


class MissingSpecError(AccelspecError, LookupError):
    """A figure a computation needs is not disclosed in the catalog.

    Attributes
    ----------
    accelerator : str
        Id of the accelerator or system.
    field : str
        The field that is missing, e.g. ``"die_area"`` or ``"fp8:sparse"``.
    """

    def __init__(self, accelerator: str, field: str, hint: str = "") -> None:
        self.accelerator = accelerator
        self.field = field
        self.hint = hint
        msg = f"{accelerator}: {field} is not disclosed in the catalog"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.accelerator, self.field, self.hint), self.__dict__)


class UnitError(AccelspecError, ValueError):
    """A unit string is invalid, or a quantity has the wrong dimension for its use."""


class UnknownMetricError(AccelspecError, LookupError):
    """A metric or precision name is not known.

    Attributes
    ----------
    query : str
        The name that was given.
    suggestions : tuple of str
        Valid names close to it.
    """

    def __init__(self, query: str, suggestions: Sequence[str] = (), what: str = "metric") -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        self.what = what
        msg = f"unknown {what} {quote(query)}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.query, self.suggestions, self.what), self.__dict__)


class UnknownNameError(AccelspecError, LookupError):
    """A name of something other than an accelerator or a metric is not known (a model preset,
    an export-control rule edition).

    Attributes
    ----------
    query : str
        The name that was given.
    suggestions : tuple of str
        Valid names close to it (or all of them when there are few).
    """

    what = "name"

    def __init__(self, query: str, suggestions: Sequence[str] = (), what: str | None = None) -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        if what is not None:
            self.what = what
        msg = f"unknown {self.what} {query!r}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.query, self.suggestions, self.what), self.__dict__)


class UnknownModelError(UnknownNameError):
    """No model preset has this name (see :data:`accelspec.workloads.models.MODELS`)."""

    what = "model preset"


class UnknownRuleError(UnknownNameError):
    """No export-control rule edition has this key or was in force on this date."""

    what = "export-control rule"


class WorkloadError(AccelspecError, ValueError):
    """A workload or model description is invalid: a non-positive batch, layer count or token
    budget, an efficiency or usable-memory fraction outside (0, 1], a model with no way to size
    its KV cache, or a price of the wrong kind."""


class InvalidArgumentError(AccelspecError, ValueError):
    """An argument to an accelspec function is out of its allowed range or form
    (an unknown output format, a non-positive count, a bad bit length...)."""


def _rebuild_catalog_error(cls: type[CatalogError], problem: str, file: str | None, entry: str | None,
                           field: str | None) -> CatalogError:
    return cls(problem, file=file, entry=entry, field=field)


class ClaimError(AccelspecError, ValueError):
    """A claim is malformed: a non-positive or non-finite number, a missing object, an unknown
    metric, an amount without a unit, or a tolerance outside [0, 1)."""


class ClaimParseError(ClaimError):
    """A sentence could not be read as a claim, or names an accelerator the catalog lacks.

    Attributes
    ----------
    text : str
        The sentence.
    problem : str
        What was wrong; the message also lists the sentence shapes that are understood.
    """

    def __init__(self, text: str, problem: str) -> None:
        self.text = text
        self.problem = problem
        super().__init__(f"cannot read a claim from {quote(text)}: {problem}")
