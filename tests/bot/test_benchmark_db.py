"""The benchmark's database is built through the migrations, so every `fudao` command opens it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bot.cli import main

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "evaluate.py"


def benchmark() -> ModuleType:
    """benchmarks/evaluate.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_evaluate", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_it_opens_the_benchmark_database_with_every_command(
    env: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    benchmark().generate(database_url, 2_000, 1, overwrite=True)
    assert main(["db", "upgrade"]) == 0
    assert main(["jobs", "list"]) == 0
    capsys.readouterr()
    main(["doctor"])
    assert "is migrated (revision" in capsys.readouterr().out
    out = str(env / "记录.xlsx")
    export = ["export", "--college", "机电工程学院", "--from", "2025-09-01", "--to", "2026-07-10"]
    assert main([*export, "--out", out]) == 0
