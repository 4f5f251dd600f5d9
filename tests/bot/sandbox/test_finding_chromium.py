"""Where the browser tests find their Chromium, and what happens when there is none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import find_chromium

ROOT = Path(__file__).resolve().parents[3]
PAGE_TESTS = "tests/bot/sandbox/test_page.py"


def test_it_takes_fudao_chromium_when_the_file_exists(tmp_path: Path) -> None:
    chrome = tmp_path / "chrome"
    chrome.write_text("")
    assert find_chromium({"FUDAO_CHROMIUM": str(chrome)}, lambda _: "/usr/bin/x") == str(chrome)
    assert find_chromium({"FUDAO_CHROMIUM": str(tmp_path / "none")}, lambda _: "/x") is None


def test_it_looks_for_each_name_on_the_path() -> None:
    found: dict[str, str] = {"google-chrome": "/opt/google/chrome"}
    assert find_chromium({}, found.get) == "/opt/google/chrome"
    assert find_chromium({}, lambda _: None) is None


def _page_tests(require: str) -> subprocess.CompletedProcess[str]:
    """Run the page tests, stopping at the first, with a Chromium that does not exist."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-qx", "-p", "no:cacheprovider", "-rs", PAGE_TESTS],
        cwd=ROOT,
        env={**os.environ, "FUDAO_CHROMIUM": "/nowhere/chromium", "FUDAO_REQUIRE_BROWSER": require},
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_skips_the_browser_tests_without_chromium() -> None:
    run = _page_tests(require="")
    assert run.returncode == 0, run.stdout
    assert "skipped" in run.stdout and "no Chromium found" in run.stdout


def test_it_fails_the_browser_tests_without_chromium_when_ci_requires_them() -> None:
    run = _page_tests(require="1")
    assert run.returncode == 1
    assert "no Chromium: install chromium or set FUDAO_CHROMIUM" in run.stdout
