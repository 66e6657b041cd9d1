"""`python -m devtools.standin` serves the same stand-in in its own process (simulator, benchmarks)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

from standin_support import ALICE

ROOT = Path(__file__).resolve().parents[2]


def _call(url: str, method: str = "GET", body: dict | None = None, token: str | None = None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_standalone_process_serves_api_and_controls():
    process = subprocess.Popen(
        [sys.executable, "-m", "devtools.standin", "--port", "0", "--secret", "S", "--token", "T"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().split()[-1]
        _call(url + "/_standin/users", "POST", {"userId": ALICE, "displayName": "Alice"})
        sent = _call(url + "/v2/bot/message/push", "POST",
                     {"to": ALICE, "messages": [{"type": "text", "text": "hi"}]}, token="T")
        assert len(sent["sentMessages"]) == 1
        timeline = _call(f"{url}/_standin/users/{ALICE}/timeline?after=0")
        assert [e["message"]["text"] for e in timeline["entries"]] == ["hi"]
    finally:
        process.terminate()
        process.wait(timeout=5)
        process.stdout.close()
