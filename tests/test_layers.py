"""The layers of DESIGN.md are enforced: lint-imports passes here and fails on an upward import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = [
    "bot",
    "demo",
    "handlers",
    "scheduler",
    "services",
    "reports",
    "policy",
    "imports",
    "models",
    "i18n",
]


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on a tree, importing that tree's packages (not the installed ones)."""
    command = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(command), "--no-cache"], cwd=tree, env=env, capture_output=True, text=True, check=False
    )


def copy_of_tree(tmp_path: Path) -> Path:
    """The packages and pyproject.toml, copied so that a test may break them."""
    tree = tmp_path / "tree"
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_it_keeps_every_contract_on_the_real_tree() -> None:
    """Today's code: every layer imports only the layers below it."""
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "upward", "message"),
    [
        ("models/types.py", "import reports.progress", "models is not allowed to import reports"),
        ("handlers/me.py", "import scheduler", "handlers is not allowed to import scheduler"),
        ("policy/periods.py", "import telegram", "policy is not allowed to import telegram"),
    ],
)
def test_it_fails_on_one_upward_import(
    tmp_path: Path, module: str, upward: str, message: str
) -> None:
    """One wrong import in a copy of the tree breaks the build, naming the offending layers."""
    tree = copy_of_tree(tmp_path)
    target = tree / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{upward}  # noqa\n", "utf-8")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert message in result.stdout
