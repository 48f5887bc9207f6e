"""The error hierarchy: every error is an AccelspecError and the builtin that fits, with one-line
messages naming what was wrong and where."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import accelspec as acs
from accelspec import errors


@pytest.mark.parametrize("cls,builtin", [
    (acs.UnknownAcceleratorError, LookupError),
    (acs.AmbiguousNameError, LookupError),
    (acs.MissingSpecError, LookupError),
    (acs.UnknownMetricError, LookupError),
    (acs.CatalogError, ValueError),
    (acs.UnitError, ValueError),
    (acs.InvalidArgumentError, ValueError),
    (errors.WorkloadError, ValueError),
])
def test_every_error_is_an_accelspec_error_and_its_builtin(cls: type, builtin: type) -> None:
    assert issubclass(cls, acs.AccelspecError) and issubclass(cls, builtin)


def test_every_exported_error_is_in_the_hierarchy() -> None:
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.AccelspecError), name


def test_ambiguous_name_lists_every_candidate_id() -> None:
    err = acs.AmbiguousNameError("X9", ["acme-x9", "bolt-x9"])
    assert err.query == "X9" and err.candidates == ("acme-x9", "bolt-x9")
    assert str(err) == "'X9' is ambiguous: it names acme-x9, bolt-x9; use one of these ids"


@pytest.mark.parametrize("kw,prefix", [
    ({}, ""),
    ({"file": "a.toml"}, "a.toml: "),
    ({"entry": "acme-x1"}, "entry 'acme-x1': "),
    ({"field": "tdp"}, "field 'tdp': "),
    ({"file": "a.toml", "field": "tdp"}, "a.toml, field 'tdp': "),
    ({"file": "a.toml", "entry": "acme-x1", "field": "tdp"}, "a.toml, entry 'acme-x1', field 'tdp': "),
])
def test_catalog_error_names_file_entry_and_field_that_are_known(kw: dict[str, str], prefix: str) -> None:
    err = acs.CatalogError("must be positive", **kw)
    assert str(err) == prefix + "must be positive"
    assert err.problem == "must be positive"
    assert (err.file, err.entry, err.field) == (kw.get("file"), kw.get("entry"), kw.get("field"))


def test_missing_spec_error_carries_its_hint_in_parentheses() -> None:
    err = acs.MissingSpecError("acme-x1", "fp8", "the catalog holds fp8:sparse")
    assert (err.accelerator, err.field) == ("acme-x1", "fp8")
    assert str(err) == "acme-x1: fp8 is not disclosed in the catalog (the catalog holds fp8:sparse)"
    assert str(acs.MissingSpecError("acme-x1", "fp8")) == "acme-x1: fp8 is not disclosed in the catalog"


def test_lookup_errors_print_their_message_not_a_tuple_repr() -> None:
    # KeyError-like quoting would wrap the message in quotes; LookupError subclasses must not
    for err in (acs.UnknownAcceleratorError("H2O0", ["NVIDIA H200"]), acs.UnknownMetricError("bf61", ["bf16"]),
                acs.AmbiguousNameError("X9", ["a", "b"]), acs.MissingSpecError("a", "tdp")):
        assert str(err) == err.args[0] and not str(err).startswith(("(", "'("))


def test_unknown_accelerator_without_suggestions_asks_nothing() -> None:
    assert str(acs.UnknownAcceleratorError("zzz")) == "no accelerator named 'zzz' in the catalog"
    assert str(acs.UnknownMetricError("zzz", what="field")) == "unknown field 'zzz'"


@given(st.text(max_size=30), st.lists(st.text(min_size=1, max_size=10), max_size=4))
def test_suggestions_are_quoted_in_order(query: str, suggestions: list[str]) -> None:
    msg = str(acs.UnknownAcceleratorError(query, suggestions))
    assert msg.startswith(f"no accelerator named {query!r} in the catalog")
    assert ("did you mean" in msg) == bool(suggestions)
    if suggestions:
        assert msg.endswith("; did you mean " + ", ".join(repr(s) for s in suggestions) + "?")


@pytest.mark.parametrize("err", [
    acs.UnknownAcceleratorError("H2O0", ["NVIDIA H200", "NVIDIA H20"]),
    acs.AmbiguousNameError("X9", ["acme-x9", "bolt-x9"]),
    acs.MissingSpecError("acme-x1", "fp8", "the catalog holds fp8:sparse"),
    acs.UnknownMetricError("bf61", ["bf16"], what="precision"),
    acs.CatalogError("bad unit", file="a.toml", entry="acme-x1", field="tdp"),
    acs.UnitError("unknown unit symbol 'furlong'"),
], ids=lambda e: type(e).__name__)
def test_errors_pickle_with_their_message_and_attributes(err: Exception) -> None:
    # errors cross process boundaries (multiprocessing, concurrent.futures); they must arrive whole,
    # not rebuilt from their message (which garbled it, or failed for lack of arguments)
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err)
    assert str(back) == str(err)
    assert vars(back) == vars(err)
