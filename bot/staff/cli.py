"""`portalbot staff create|token`: staff accounts and API tokens from the shell (SPEC §1)."""
from __future__ import annotations

import getpass
import sys

import click

from bot.staff.models import Role

OPERATOR = "(portalbot CLI)"  # who the audit log names for shell actions


@click.group()
def staff() -> None:
    """Staff accounts of the console and their API tokens."""


@staff.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--department", default="", help="Sending department shown on notices (e.g. 市民局 市民課).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of a prompt.")
@click.pass_obj
def create(runtime, email: str, role: str, department: str, password_stdin: bool) -> None:
    """Create a staff account (the password is never echoed or logged)."""
    from bot.staff import accounts
    from bot.store.db import session_scope, utcnow

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope(runtime.engine) as session:
            account = accounts.create_account(session=session, email=email, password=password, role=Role(role), department=department)
            accounts.audit(session=session, staff=None, email=OPERATOR, action="staff.create", now=utcnow(),
                           target=f"staff:{account.id}", detail={"email": account.email, "role": account.role,
                                                                 "by": getpass.getuser()})
    except accounts.StaffError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"created {account.email} ({account.role})")


@staff.command("token")
@click.argument("email")
@click.option("--label", default="", help="What the token is for (shown in the console).")
@click.pass_obj
def token(runtime, email: str, label: str) -> None:
    """Issue a new API bearer token for EMAIL and print it once (only its digest is kept)."""
    from bot.staff import accounts
    from bot.store.db import session_scope, utcnow

    with session_scope(runtime.engine) as session:
        account = accounts.find_account(session=session, email=email)
        if account is None or account.disabled_at is not None:
            raise click.ClickException(f"no active staff account {email}")
        row, issued = accounts.issue_token(session=session, staff_id=account.id, label=label or "CLI", now=utcnow())
        accounts.audit(session=session, staff=None, email=OPERATOR, action="token.issue", now=utcnow(),
                       target=f"token:{row.id}", detail={"owner": account.email, "hint": row.hint, "by": getpass.getuser()})
    click.echo(issued)
