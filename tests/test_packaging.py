"""The bot's wheel is the product only: the development tools (the LINE stand-in, the
development xID, the LIFF shim) live in devtools/, and under bot/ only bot/development.py, the
simulator's one door, imports them."""
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
