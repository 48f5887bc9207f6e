"""The layout holds: import directions (import-linter contracts in pyproject.toml), argparse and
print only in the command line, one formatter, one precision table."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "accelspec"
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_the_import_contracts_hold() -> None:
    """Every contract in pyproject.toml is kept (a wrong arrow between rooms fails here)."""
    pytest.importorskip("importlinter")
    proc = subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                           "sys.exit(lint_imports_command())"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "BROKEN" not in proc.stdout and "KEPT" in proc.stdout


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_command_line_prints_or_parses_arguments(path: Path) -> None:
    if path.parent.name == "cli":
        return
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "print", f"{path.name}:{node.lineno} prints"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            assert "argparse" not in names, f"{path.name}:{node.lineno} imports argparse"


def _defined(name: str) -> list[str]:
    return [f"{p.relative_to(PACKAGE)}" for p in MODULES for node in _tree(p).body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name]


def test_one_formatter_and_one_resolver() -> None:
    assert _defined("format_number") == ["formatting.py"]
    assert _defined("resolve") == ["catalogs.py"]
    assert _defined("_resolve") == ["workloads/plot.py"]      # a list of names, through resolve()


def test_every_module_declares_its_public_names() -> None:
    for path in MODULES:
        if path.name in ("__main__.py", "_version.py"):
            continue
        tree = _tree(path)
        names = {t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                 for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                 if isinstance(t, ast.Name)}
        assert "__all__" in names, f"{path.relative_to(PACKAGE)} has no __all__"


def test_precision_figures_derive_from_the_one_table() -> None:
    from accelspec.export_control import BIT_LENGTHS
    from accelspec.fields import INTEGER_PRECISIONS, PRECISION_TABLE, PRECISIONS
    from accelspec.workloads.models import BYTES_PER_VALUE

    assert PRECISIONS == tuple(p.name for p in PRECISION_TABLE)
    assert dict(BIT_LENGTHS) == {p.name: p.bits for p in PRECISION_TABLE}
    assert BYTES_PER_VALUE == {p.name: p.bits / 8 for p in PRECISION_TABLE}
    assert INTEGER_PRECISIONS == {"int8", "int4"}
    # worked figures: TF32 counted at 32 bits, FP6 stored in 0.75 byte
    assert BIT_LENGTHS["tf32"] == 32 and BYTES_PER_VALUE["fp6"] == 0.75


_CODE_LOADERS = {"pickle", "marshal", "shelve", "_pickle", "dill", "cloudpickle"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_loads_code_from_data(path: Path) -> None:
    """A cache holds data, not code: nothing in the package imports pickle, marshal or shelve
    (nor calls ``__import__``/``importlib.import_module`` with one of their names)."""
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [(node.module or "").split(".")[0]]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value] if node.value in _CODE_LOADERS else []
        else:
            continue
        assert not set(names) & _CODE_LOADERS, f"{path.name}:{node.lineno} uses {names}"
