"""Start the studio: open or plan a session, bind a socket (loopback unless a
host is given), print the URL with its per-session token, serve until Ctrl-C."""

from __future__ import annotations

import ipaddress
import socket
import sys

from agent.session import ProducerSession
from agent.studio.app import build_app, new_token, studio_url
from engine.errors import ConfigError

LOOPBACK = "127.0.0.1"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror}) (fix: --port 0 picks a free port, "
                          "or choose another)") from None
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(session: ProducerSession, *, host: str = LOOPBACK, port: int = 8765, run_id: str | None = None,
          brief: str | None = None, token: str | None = None) -> None:
    import uvicorn

    if run_id and brief:
        raise ConfigError("give --run RUN_ID or a brief, not both (fix: aceprod studio --run RUN_ID)")
    if run_id:
        session.open_run(run_id)
    elif brief:
        session.plan_brief(brief)
    token = token or new_token()
    sock = bind(host, port)
    url = studio_url(host if host not in ("0.0.0.0", "::") else LOOPBACK, sock.getsockname()[1], token)
    if not is_loopback(host):
        print(f"warning: the studio listens on {host}: anyone who can reach it and has the token can answer "
              "for you", file=sys.stderr, flush=True)
    print(f"studio: {url}", flush=True)
    print(f"runs in {session.out.resolve()}; Ctrl-C stops the studio (runs stay resumable)", flush=True)
    config = uvicorn.Config(build_app(session, token), log_level="warning", access_log=False, lifespan="off",
                            timeout_graceful_shutdown=2)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        if session.busy and session.run is not None:  # a daemon worker: its last checkpoint is kept
            print(f"the run was working; it continues from its last checkpoint with: aceprod studio --run "
                  f"{session.run.info.run_id} (or aceprod album --resume {session.run.info.run_id})",
                  file=sys.stderr, flush=True)
        else:
            session.close()


