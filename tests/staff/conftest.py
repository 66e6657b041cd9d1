"""Fixtures for the staff console: the bot in production mode (Secure cookies, https) on each
backend, wired to the LINE stand-in, with one staff member of each role (tests/staff/support.py)."""
from tests.staff.support import console, db, staff  # noqa: F401 - fixtures
