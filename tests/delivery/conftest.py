"""Fixtures of the delivery engine tests: a loopback stand-in of LINE and fast backoff."""
from __future__ import annotations

import pytest

from devtools.standin.server import StandinServer
from devtools.standin.state import Standin
from tests.delivery.support import TOKEN


@pytest.fixture
def line():
    """The stand-in (validating every request); 'timeout' faults outlast the client's timeout."""
    with StandinServer(Standin(access_token=TOKEN, fault_timeout=2.0)) as server:
        yield server
