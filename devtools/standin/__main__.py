"""``python -m devtools.standin --port 8001 --secret S --token T --webhook-url URL [--no-validate]``:
a stand-in of the LINE Messaging API in its own process (simulator, benchmarks)."""

from __future__ import annotations

import argparse

from .app import create_standin_app
from .server import serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m devtools.standin", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--secret", required=True, help="channel secret (signs webhooks)")
    parser.add_argument("--token", required=True, help="channel access token (Bearer)")
    parser.add_argument("--webhook-url", help="the bot's webhook, e.g. http://127.0.0.1:8000/callback")
    parser.add_argument("--login-secret", default="standin-login-channel-secret",
                        help="LINE Login channel secret used to sign ID tokens")
    parser.add_argument("--no-validate", action="store_true", help="skip schema validation")
    parser.add_argument("--no-log", action="store_true", help="keep no request log (long benchmarks)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each API call")
    parser.add_argument("--fault-timeout", type=float, default=2.0,
                        help="seconds a 'timeout' fault sleeps")
    args = parser.parse_args(argv)

    app = create_standin_app(channel_secret=args.secret, access_token=args.token,
                             webhook_url=args.webhook_url, validate=not args.no_validate,
                             login_channel_secret=args.login_secret, keep_log=not args.no_log,
                             fault_timeout=args.fault_timeout)
    app.standin.faults.latency = args.latency
    server = serve(app, args.host, args.port)
    print(f"LINE stand-in on http://{args.host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
