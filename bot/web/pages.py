"""What every page of ours that a person signs in or links on carries: the staff console and
the LIFF pages may not be framed by another site (clickjacking)."""
from __future__ import annotations

from flask import Response


def forbid_framing(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
    response.headers["X-Frame-Options"] = "DENY"  # for browsers without CSP level 2
    return response
