"""``city-server``: the city office's side of sync (see docs/sync.md).

::

    city-server [--db URL] init
    city-server [--db URL] site add CODE --name NAME      # prints the new token once
    city-server [--db URL] site revoke CODE | site rotate CODE | site list
    city-server [--db URL] scheme publish FILE.toml
    city-server [--db URL] reference publish hospitals|diseases FILE.csv [--partial]
    city-server [--db URL] serve [--host H] [--port P]
    city-server [--db URL] consolidate --month YYYY-MM --out FILE.xlsx
    city-server [--db URL] sweep        # every cross-county finding not made yet

``--db`` (or ``CITY_SERVER_DB``) is a PostgreSQL URL in production
(``postgresql://user:password@host/dbname``) or a SQLite file for a trial on one PC (default
``city-server.sqlite3`` in the current folder). Exit codes: 0 done, 2 refused, 1 unexpected.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import text as sql
from sqlalchemy.orm import Session, sessionmaker

from base.errors import DeskError
from city_server import consolidate as consolidate_mod
from city_server import feed, findings, sites
from city_server.inbox import FINDINGS_LOCK
from city_server.store import (
    DEFAULT_DB,
    DatabaseNotReady,
    init_db,
    make_engine,
    server_id,
    sessions,
)
from city_server.store import transaction as tx

log = logging.getLogger("city_server")


class Refused(Exception):
    """A clear refusal for stderr (exit code 2)."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="city-server", description="职工医疗互助保障 — the city server for desk sync"
    )
    p.add_argument(
        "--db",
        default=os.environ.get("CITY_SERVER_DB", DEFAULT_DB),
        metavar="URL",
        help="postgresql://… or a SQLite file (default: CITY_SERVER_DB or city-server.sqlite3)",
    )
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("init", help="create the tables (safe to run again)").set_defaults(func=cmd_init)

    site = sub.add_parser("site", help="desks allowed to sync").add_subparsers(
        dest="site_command", required=True, metavar="ACTION"
    )
    add = site.add_parser("add", help="register a desk; prints its token once")
    add.add_argument("code")
    add.add_argument("--name", required=True)
    add.add_argument(
        "--county",
        help="the county's 6-digit division code (default: the one the site code starts with)",
    )
    add.set_defaults(func=cmd_site_add)
    rev = site.add_parser("revoke", help="refuse a desk from now on")
    rev.add_argument("code")
    rev.set_defaults(func=cmd_site_revoke)
    rot = site.add_parser("rotate", help="issue a new token (the old one stops working)")
    rot.add_argument("code")
    rot.set_defaults(func=cmd_site_rotate)
    site.add_parser("list", help="the desks, one line each").set_defaults(func=cmd_site_list)
    pap = site.add_parser("papers", help="ask a desk to send its claim papers (scans), or stop")
    pap.add_argument("code")
    pap.add_argument("choice", choices=("send", "keep"), help="send: upload; keep: hashes only")
    pap.set_defaults(func=cmd_site_papers)

    scheme = sub.add_parser("scheme", help="schemes for the desks").add_subparsers(
        dest="scheme_command", required=True, metavar="ACTION"
    )
    pub = scheme.add_parser("publish", help="check a scheme file and send it to every desk")
    pub.add_argument("file", type=Path)
    pub.set_defaults(func=cmd_scheme_publish)

    ref = sub.add_parser("reference", help="reference lists for the desks").add_subparsers(
        dest="reference_command", required=True, metavar="ACTION"
    )
    rpub = ref.add_parser("publish", help="publish the hospital or disease list (CSV)")
    rpub.add_argument("list", choices=["hospitals", "diseases"])
    rpub.add_argument("file", type=Path)
    rpub.add_argument(
        "--partial",
        action="store_true",
        help="the file only adds or changes items (default: it is the whole list)",
    )
    rpub.set_defaults(func=cmd_reference_publish)

    serve = sub.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8750)
    serve.add_argument("--tls-cert", metavar="FILE", help="serve HTTPS directly with this cert")
    serve.add_argument("--tls-key", metavar="FILE", help="the certificate's private key")
    serve.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        metavar="IPS",
        help="reverse proxies whose X-Forwarded-* headers are trusted (TLS terminates there)",
    )
    serve.set_defaults(func=cmd_serve)

    cons = sub.add_parser("consolidate", help="write the consolidated city return for a month")
    cons.add_argument("--month", required=True, metavar="YYYY-MM")
    cons.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    cons.set_defaults(func=cmd_consolidate)

    sweep = sub.add_parser("sweep", help="look for cross-county findings in everything held")
    sweep.set_defaults(func=cmd_sweep)
    return p


def cmd_init(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    args._engine = engine
    ident, created = init_db(engine)
    print(("created" if created else "already initialised") + f": server id {ident}")
    return 0


def _ready(args: argparse.Namespace) -> sessionmaker[Session]:
    """Sessions on an initialised database (refuses one that ``init`` has not prepared)."""
    engine = make_engine(args.db)
    args._engine = engine
    server_id(engine)
    return sessions(engine)


def cmd_site_add(args: argparse.Namespace) -> int:
    with tx(_ready(args)) as s:
        token = sites.add_site(s, args.code, args.name, args.county)
    print(
        f"site {args.code.strip()} added. Its token (shown only now; give it to the desk's "
        "admin for 'desk-app sync setup'):"
    )
    print(token)
    return 0


def cmd_site_revoke(args: argparse.Namespace) -> int:
    with tx(_ready(args)) as s:
        changed = sites.revoke_site(s, args.code)
    print(f"site {args.code} " + ("revoked" if changed else "was already revoked"))
    return 0


def cmd_site_rotate(args: argparse.Namespace) -> int:
    with tx(_ready(args)) as s:
        token = sites.rotate_token(s, args.code)
    print(f"site {args.code}: new token (the old one no longer works):")
    print(token)
    return 0


def cmd_site_papers(args: argparse.Namespace) -> int:
    from city_server import papers

    with tx(_ready(args)) as s:
        papers.want(s, args.code, args.choice == "send")
    print(
        f"site {args.code}: "
        + (
            "sends its claim papers at its next syncs"
            if args.choice == "send"
            else "keeps its claim papers (hashes only)"
        )
    )
    return 0


def cmd_site_list(args: argparse.Namespace) -> int:
    with tx(_ready(args)) as s:
        rows = sites.list_sites(s)
    for r in rows:
        state = "revoked" if r.revoked_at else "active"
        seen = r.last_seen_at.strftime("%Y-%m-%d %H:%M") if r.last_seen_at else "never"
        print(
            f"{r.code}\t{r.name}\t{state}\tlast seq {r.last_seq}\tlast seen {seen}"
            f"\t{r.app_version or ''}"
        )
    return 0


def cmd_scheme_publish(args: argparse.Namespace) -> int:
    from desk_app.schemes.parse import decode_scheme_bytes

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise Refused(f"cannot read {args.file}: {exc.strerror}") from exc
    text = decode_scheme_bytes(data, str(args.file))
    with tx(_ready(args)) as s:
        done = feed.publish_scheme(s, text)
    if done.new:
        print(f"scheme {done.code} ({done.name}) published; desks receive it at their next sync")
    else:
        print(f"scheme {done.code} was already published with this content; nothing changed")
    return 0


def cmd_reference_publish(args: argparse.Namespace) -> int:
    kind = {"hospitals": "hospital", "diseases": "disease"}[args.list]
    try:
        rows = feed.read_reference_file(kind, args.file)
    except OSError as exc:
        raise Refused(f"cannot read {args.file}: {exc.strerror}") from exc
    with tx(_ready(args)) as s:
        done = feed.publish_reference(s, kind, rows, replace=not args.partial)
    print(
        f"{args.list}: {len(rows)} in the file; {done.added} added, {done.changed} changed, "
        f"{done.withdrawn} withdrawn"
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from city_server.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    app = create_app(args.db)
    if bool(args.tls_cert) != bool(args.tls_key):
        raise Refused("--tls-cert and --tls-key go together")
    if not args.tls_cert and args.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning(
            "serving plain HTTP on %s: in production put a TLS reverse proxy in front "
            "(see docs/sync.md) or give --tls-cert/--tls-key",
            args.host,
        )
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        proxy_headers=True,
        forwarded_allow_ips=args.forwarded_allow_ips,
        ssl_certfile=args.tls_cert,
        ssl_keyfile=args.tls_key,
        timeout_keep_alive=30,
        log_level="info",
    )
    return 0


def cmd_consolidate(args: argparse.Namespace) -> int:
    with tx(_ready(args)) as s:
        done = consolidate_mod.consolidate(s, args.month, args.out.expanduser().resolve())
    print(f"{done.path}: {done.counties} counties from {done.sites_reported} returns")
    if done.sites_missing:
        print("no submitted return yet from: " + ", ".join(done.sites_missing))
    for code, text in done.problems:  # shown, not summed away (sheet 核对)
        print(f"check {code}: {text}")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    """The findings every push looks for, over all the city holds (after a restore, or the
    counties' first syncs); taking turns with pushes, as their checks do."""
    with tx(_ready(args)) as s:
        if s.get_bind().dialect.name == "postgresql":
            s.execute(sql("SELECT pg_advisory_xact_lock(:k)"), {"k": FINDINGS_LOCK})
        new = findings.sweep(s)
    print(f"{new} new finding(s), each in the feed of both sites")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (
        Refused,
        sites.SiteError,
        feed.PublishError,
        consolidate_mod.ConsolidateError,
        DatabaseNotReady,
    ) as exc:
        if args.debug:
            raise
        print(f"city-server: {exc}", file=sys.stderr)
        return 2
    except DeskError as exc:  # a scheme file the engine's parser refused
        if args.debug:
            raise
        print(f"city-server: {exc.message.en}\n{exc.message.zh}", file=sys.stderr)
        return 2
    except Exception as exc:
        if args.debug:
            raise
        print(f"city-server: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        engine = getattr(args, "_engine", None)
        if engine is not None:
            engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
