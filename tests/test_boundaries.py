"""The SDK is archived upstream: the domain, storage, cards and scheduler must not import it (architecture.md)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

RULES = {
    "bot.register": ("botbuilder", "botframework", "aiohttp", "apscheduler", "sqlalchemy", "msal"),
    "bot.store": ("botbuilder", "botframework", "aiohttp", "apscheduler", "msal"),
    "cards": ("botbuilder", "botframework", "aiohttp", "apscheduler", "sqlalchemy", "msal"),
    "scheduler": ("botbuilder", "botframework", "msal"),
}


def modules_of(package: str) -> list[str]:
    path = ROOT / package.replace(".", "/")
    return [package] + [f"{package}.{m.name}" for m in pkgutil.walk_packages([str(path)]) if "migrations" not in m.name]


@pytest.mark.parametrize("package", sorted(RULES))
def test_package_does_not_load_the_framework(package: str) -> None:
    modules = modules_of(package)
    probe = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(json.loads(result.stdout))
    assert not loaded & set(RULES[package]), f"{package} loads {sorted(loaded & set(RULES[package]))}"
