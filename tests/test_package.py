"""Package hygiene: cheap import, doctests, examples run, public names exported."""

from __future__ import annotations

import doctest
import importlib
import os
import pkgutil
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

import accelspec

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(m.name for m in pkgutil.iter_modules(accelspec.__path__, "accelspec.")
                 if m.name not in ("accelspec.__main__",))


def _env_without_coverage() -> dict[str, str]:
    # Under `coverage run` (with subprocess measurement) coverage starts in every child and
    # imports tomllib itself to read pyproject.toml; measure accelspec's own imports only.
    return {k: v for k, v in os.environ.items() if not k.startswith(("COVERAGE", "COV_CORE"))}


def test_import_does_no_catalog_parsing_and_loads_no_heavy_modules() -> None:
    code = ("import sys, accelspec; import accelspec.catalogs as c; "
            "heavy = [m for m in ('pint', 'tabulate', 'cattrs', 'matplotlib', 'pandas', 'numpy', "
            "'tomllib', 'accelspec.loader') if m in sys.modules]; "
            "print(heavy, c._PACKAGED is None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=_env_without_coverage())
    assert out.stdout.strip() == "[] True"


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


@pytest.mark.parametrize("name", MODULES)
def test_every_module_declares_all(name: str) -> None:
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), name
    for public in module.__all__:
        assert hasattr(module, public), (name, public)


@pytest.mark.parametrize("script", sorted((ROOT / "examples").glob("*.py")), ids=lambda p: p.name)
def test_examples_run(script: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out.strip()


def test_readme_python_examples_run() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(readme, {}, "README.md", str(ROOT / "README.md"), 0)
    assert test.examples, "README has no >>> examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_ci_runs_the_readme_commands() -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"^python3 -m venv \.venv && (.+)$", readme, flags=re.M)
    assert len(commands) == 2, commands
    install, test = commands[1].split(" && ")
    assert install == '.venv/bin/pip install ".[test]"' and '"$ENV_DIR/bin/pip" install --quiet ".[test]"' in ci
    pytest_args = test.removeprefix(".venv/bin/python -m pytest")
    assert pytest_args != test, test
    assert f'"$ENV_DIR/bin/python" -m pytest{pytest_args} ' in ci
    main_command = commands[0].split(" && ")[-1].removeprefix(".venv/bin/accelspec ")
    assert f'"$ENV_DIR/bin/accelspec" {main_command}' in ci
