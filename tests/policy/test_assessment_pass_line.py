"""The line between 合格 and 基本合格 is the college's choice in its policy file."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy.errors import PolicyError
from policy.rules import check_policy_file, load_policy


def college_file(folder: Path, line: object) -> Path:
    """A policy folder whose only college file sets `assessment_pass_line`."""
    (folder / "colleges").mkdir()
    path = folder / "colleges" / "cl.yaml"
    path.write_text(f"version: 1\ncollege: 材料学院\nassessment_pass_line: {line}\n", "utf-8")
    return path


def test_it_defaults_to_70() -> None:
    policy = load_policy()
    assert policy.pass_line("机电工程学院") == 70
    assert policy.pass_line(None) == 70


def test_a_college_moves_its_line(tmp_path: Path) -> None:
    college_file(tmp_path, 75)
    policy = load_policy(tmp_path)
    assert policy.pass_line("材料学院") == 75
    assert policy.pass_line("机电工程学院") == 70


def test_a_bad_line_is_a_problem_with_its_line_number(tmp_path: Path) -> None:
    path = college_file(tmp_path, "七十")
    with pytest.raises(PolicyError):
        load_policy(tmp_path)
    (problem,) = check_policy_file(path)
    assert problem.line == 3 and "0 to 100" in problem.message
