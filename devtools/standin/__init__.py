"""A loopback stand-in of the LINE Messaging API (plus LINE Login's ID-token verify).

It validates every request body against LINE's official OpenAPI documents (`openapi/`),
answers with LINE's status codes and bodies, and simulates LINE users for tests, the simulator
page and benchmarks. Start with `StandinServer` (a thread) or `create_standin_app` (a Flask app),
or ``python -m devtools.standin`` (a process).
"""

from .app import create_standin_app
from .faults import Faults
from .server import StandinServer
from .state import RecordedRequest, RichMenu, SimUser, Standin, WebhookResult, http_transport, \
    user_id_for, wsgi_transport

__all__ = [
    "Faults", "RecordedRequest", "RichMenu", "SimUser", "Standin", "StandinServer",
    "WebhookResult", "create_standin_app", "http_transport", "user_id_for", "wsgi_transport",
]
