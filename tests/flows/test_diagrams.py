"""docs/flows.md shows the flows as the code declares them."""
from pathlib import Path

from bot.flows.diagrams import document

DOC = Path(__file__).resolve().parents[2] / "docs" / "flows.md"


def test_the_flow_diagrams_in_docs_are_up_to_date():
    assert DOC.read_text(encoding="utf-8") == document(), "run: python -m bot.flows.diagrams > docs/flows.md"
