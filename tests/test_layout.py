"""The tree shows the layers: the contract (bot/chat), LINE (bot/line), the flows, the store,
each importing only downwards; the top of bot/ holds composition only; the development tools
live in devtools/, outside the bot's wheel, reached through one door; tests import support
modules, never another test module, a conftest or a private name."""
from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]
DOOR = ROOT / "bot" / "development.py"


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


# What each package may not import: nothing above it.
FORBIDDEN = {
    "chat": ("bot.flows", "bot.line", "bot.store", "bot.handling"),
    "store": ("bot.flows", "bot.line", "bot.handling", "bot.delivery", "bot.notices", "bot.staff", "bot.reports",
              "bot.disaster", "bot.admin", "bot.api", "bot.liff", "bot.metrics"),
    "line": ("bot.flows", "bot.handling", "bot.admin", "bot.api", "bot.liff"),
    "flows": ("bot.line", "bot.handling", "bot.admin", "bot.api", "bot.liff"),
}
COMPOSITION = {"__init__", "app", "cli", "config", "runtime", "clock", "city", "city_source", "schema", "development", "logs",
               "metrics", "gunicorn_conf"}


def test_no_package_imports_a_layer_above_it():
    found = []
    for package, above in FORBIDDEN.items():
        for path in (ROOT / "bot" / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue  # Alembic's env.py loads the whole schema by design
            found += [f"{path.relative_to(ROOT)} imports {name}" for name in imported_modules(path)
                      if name.startswith(above)]
    assert found == []


def test_the_top_of_bot_holds_only_composition():
    assert {path.stem for path in (ROOT / "bot").glob("*.py")} <= COMPOSITION


def test_tests_import_support_modules_only():
    found = []
    for path in (ROOT / "tests").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tests.")):
                continue
            last = node.module.rsplit(".", 1)[-1]
            if last == "conftest" or last.startswith("test_"):
                found.append(f"{path.relative_to(ROOT)}: from {node.module}")
            found += [f"{path.relative_to(ROOT)}: {alias.name}" for alias in node.names if alias.name.startswith("_")]
    assert found == []


def test_nothing_under_bot_imports_the_development_tools_but_its_one_door():
    importers = sorted(
        str(path.relative_to(ROOT)) for path in (ROOT / "bot").rglob("*.py")
        if any(name == "devtools" or name.startswith("devtools.") for name in imported_modules(path))
    )
    assert importers == ["bot/development.py"]


def test_the_wheel_of_the_bot_ships_no_development_tool(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--wheel-dir",
         str(tmp_path), str(ROOT)],
        check=True, cwd=tmp_path, timeout=300,
    )
    [wheel] = tmp_path.glob("portalbot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "bot/app.py" in names and "bot/development.py" in names
    assert not [n for n in names if n.startswith("devtools/") or "standin" in n.split("/")[1:2] or "devxid" in n]
    assert not [n for n in names if n.endswith("messaging-api.yml")]  # LINE's OpenAPI specs are the stand-in's
