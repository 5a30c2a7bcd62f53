"""同步 with content, for ``scripts/screenshots.py``: the throw-away desk is connected to a trial
city server (SQLite, started here as a process on loopback and stopped at the end), the admin
tests the connection on the 同步 screen, a few runs happen (one of them against a server that
does not answer), another county uses one of this desk's invoices so that the city reports it,
and the city publishes a scheme that then waits for activation. Only for a throw-away desk."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from desk_app.access.auth import SYSTEM
from desk_app.data.schemes import FOLDER as SCHEME_FILES
from desk_app.sync import RetryPolicy, run_sync
from desk_app.sync.client import CityClient
from ui.screens.sync.screen import SyncScreen
from ui.tasks import TaskHandle

Save = Callable[[QWidget, str], None]
ROOT = Path(__file__).resolve().parents[2]
SCHEME = SCHEME_FILES / "jinhua-2015.toml"
HERE_SITE, OTHER_SITE = "330702", "330781"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def trial_city() -> Iterator[tuple[str, dict[str, str], Any]]:
    """A trial city server: (its address, {site: token}, its session factory)."""
    from city_server import sites
    from city_server.store import init_db, make_engine, sessions, transaction

    folder = Path(tempfile.mkdtemp(prefix="desk-city-"))
    url = str(folder / "city.sqlite3")
    engine = make_engine(url, pool_size=2)
    init_db(engine)
    made = sessions(engine)
    tokens = {}
    with transaction(made) as s:
        for code, name in ((HERE_SITE, "婺城区"), (OTHER_SITE, "兰溪市")):
            tokens[code] = sites.add_site(s, code, name)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "city_server.cli", "--db", url, "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{address}/healthz", timeout=1).status_code == 200:
                    break
            time.sleep(0.1)
        yield address, tokens, made
    finally:
        proc.terminate()
        proc.wait(10)
        engine.dispose()


def _other_county_uses(address: str, token: str, hospital: str, invoice: str) -> None:
    """兰溪市's desk sends a claim with the same invoice (as its own sync would)."""
    uid = {k: uuid.uuid4().hex for k in ("member", "claim", "receipt")}
    records = {
        uid["member"]: {
            "uid": uid["member"],
            "id_number": "330781198204150027",
            "name": "陈玉兰",
            "gender": "F",
        },
        uid["claim"]: {
            "uid": uid["claim"],
            "claim_no": "LX2026-000318",
            "member_uid": uid["member"],
            "status": "approved",
        },
        uid["receipt"]: {
            "uid": uid["receipt"],
            "claim_uid": uid["claim"],
            "hospital": hospital,
            "invoice_no": invoice,
            "total": "8650.40",
        },
    }
    ops = [
        {"seq": i, "op_id": uuid.uuid4().hex, "entity": e, "uid": uid[e], "op": "upsert"}
        for i, e in enumerate(("member", "claim", "receipt"), start=1)
    ]
    with CityClient(address, OTHER_SITE, token) as client:
        client.push({"ops": ops, "records": records})


def tour(win: Any, save: Save, admin: Any | None = None) -> None:
    """Photograph 同步 of ``win`` (a reviewer's window) and, with ``admin``, the connection
    settings as the admin fills them in. Closes ``admin``."""
    from city_server import feed
    from city_server.store import transaction
    from db.models import Receipt

    db = win.ctx.db
    with trial_city() as (address, tokens, city_sessions):
        if admin is not None:
            admin.navigate("sync")
            screen = admin.current_screen()
            assert isinstance(screen, SyncScreen) and screen.setup is not None
            screen.setup.server.setText(address)
            screen.setup.site.setText(HERE_SITE)
            screen.setup.token.setText(tokens[HERE_SITE])
            screen.setup.test_connection()
            screen.setup.save()
            screen.setup.test_connection()  # the line under the form: 连接成功 …
            save(admin, "08-同步-连接设置")
        else:
            from desk_app.sync import setup_sync

            with db.uow() as uow:
                setup_sync(uow, SYSTEM, address, HERE_SITE, tokens[HERE_SITE], force=True)
                uow.commit()
        run_sync(db, trigger="startup")
        run_sync(
            db,
            trigger="schedule",
            server_url=f"http://127.0.0.1:{_free_port()}",  # nobody listens: a failed run
            policy=RetryPolicy(attempts=1),
        )
        with db.reader() as uow:
            receipt = uow.session.execute(select(Receipt.hospital, Receipt.invoice_no)).first()
        if receipt is not None:
            _other_county_uses(address, tokens[OTHER_SITE], receipt[0], receipt[1])
        with transaction(city_sessions) as s:  # next year's scheme, new to the desk
            text = SCHEME.read_text("utf-8").replace("JH-2015-ZY", "JH-2027-ZY")
            feed.publish_scheme(s, text.replace("（第三期）", "（2027年度）"))
        win.navigate("sync")
        screen = win.current_screen()
        assert isinstance(screen, SyncScreen)
        win.sync_scheduler.sync_now()  # F9: pulls the finding and the scheme
        screen.tabs.setCurrentWidget(screen.runs)
        save(win, "08-同步-同步记录")
        screen.tabs.setCurrentWidget(screen.findings)
        save(win, "08-同步-市级提示")

        # What a run in progress looks like (drawn as the scheduler draws it mid-run).
        sched = win.sync_scheduler
        sched._handle, sched._fraction = TaskHandle(0, None), 0.45
        sched._show()
        screen._show_running()
        screen.tabs.setCurrentWidget(screen.runs)
        save(win, "08-同步-正在同步")
        sched._handle, sched._fraction = None, 0.0
    # The city is gone: the next sync fails and says why.
    win.sync_scheduler.policy = RetryPolicy(attempts=1)
    win.sync_scheduler.sync_now()
    QApplication.processEvents()
    save(win, "08-同步-同步失败")
    if admin is not None:
        admin.navigate("dashboard")
        admin.sync_scheduler.read_state()
        save(admin, "08-同步-管理员状态栏")
        admin.close()
