"""The compiled checks used on the hot path agree with jsonschema on the same rewritten schema."""

from __future__ import annotations

import copy
import random

import pytest

from devtools.standin import schema
from standin_support import ALICE, bubble, buttons_template, flex, postback_item, text

SAMPLES = [
    {"replyToken": "t", "messages": [text("x", quickReply={"items": [postback_item()] * 3})]},
    {"replyToken": "t", "messages": [flex(), buttons_template()]},
    {"to": ALICE, "messages": [flex({"type": "carousel", "contents": [bubble(), bubble()]})]},
    {"to": [ALICE], "messages": [{"type": "sticker", "packageId": "1", "stickerId": "2"}]},
]
PATHS = ["/v2/bot/message/reply", "/v2/bot/message/reply", "/v2/bot/message/push",
         "/v2/bot/message/multicast"]
JUNK = [None, 7, -1, 1.5, True, "", "x" * 400, "diagonal", [], {}, {"type": "nope"}, "http://x"]


def _nodes(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _nodes(sub, path + (key,))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _nodes(sub, path + (index,))


def _mutants(body, rng, count):
    """Bodies with one node replaced by junk or one key deleted."""
    nodes = [p for p, _ in _nodes(body) if p]
    for _ in range(count):
        mutant = copy.deepcopy(body)
        path = rng.choice(nodes)
        parent = mutant
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent, dict) and rng.random() < 0.3:
            del parent[path[-1]]
        else:
            parent[path[-1]] = copy.deepcopy(rng.choice(JUNK))
        yield mutant


def _as_set(details):
    return sorted((d["property"], d["message"]) for d in details)


@pytest.mark.parametrize("index", range(len(SAMPLES)))
def test_compiled_checks_match_jsonschema_on_mutated_bodies(index):
    operation, _ = schema.match("POST", PATHS[index])
    rng = random.Random(index)
    body = SAMPLES[index]
    assert schema.body_errors(operation, body) == [] == schema.body_errors(operation, body, reference=True)
    rejected = 0
    for mutant in _mutants(body, rng, 150):
        fast = schema.body_errors(operation, mutant, limit=1000)
        reference = schema.body_errors(operation, mutant, limit=1000, reference=True)
        assert _as_set(fast) == _as_set(reference), mutant
        rejected += bool(fast)
    assert rejected > 75  # the mutations really are mostly invalid


def test_every_documented_request_body_compiles():
    for name in schema.API_SPECS:
        api = schema.load_api(name)
        for operation in [*api.literal.values(), *(op for _, _, op in api.templated)]:
            assert (operation.body_schema is None) == (operation.check is None)
