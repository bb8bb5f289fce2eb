"""The code stays as the conventions say: ruff-clean, formatted, and mypy-clean on the packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["app.py", "bot", "cards", "scheduler", "dialogs", "manifest", "tests", "benchmarks"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    present = [s for s in SOURCES if (ROOT / s).exists()]
    return subprocess.run([sys.executable, "-m", *args, *present], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted() -> None:
    result = run("ruff", "format", "--check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_on_the_packages() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
