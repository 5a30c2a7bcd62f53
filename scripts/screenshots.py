"""Save every main screen of the window at 1366×768, in Chinese, as PNG files.

    python scripts/screenshots.py OUT_DIR
    python scripts/screenshots.py OUT_DIR --data-dir DIR --user LOGIN --password PASSWORD

Without ``--data-dir`` a throw-away desk is made in a temporary folder: an admin, a reviewer
and a clerk, and demo data (``desk_app.demo.county``, when this build has it). With
``--data-dir`` the screens show that desk's data (use a copy of a real desk: signing in is
audited) as the given user. Runs without a display (Qt's offscreen platform).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZE = (1366, 768)
USERS = {  # login: (name, role, password) for a throw-away desk
    "admin": ("管理员", "admin", "Guanli-2026x"),
    "reviewer": ("赵审核", "reviewer", "Shenhe-2026x"),
    "clerk": ("王经办", "clerk", "Jingban-2026x"),
}


def _throwaway_desk(root: Path, members: int) -> None:
    """A migrated desk with three users and, if available, demo data."""
    os.environ.setdefault("DESK_APP_SCRYPT_LOG2N", "12")  # quick hashes: nobody signs in here
    from db import Database
    from db.migrate import upgrade
    from desk_app.access import users
    from desk_app.system import bootstrap
    from desk_app.system.paths import DataDir
    from ui.signin import demo_available

    data = DataDir(root).ensure()
    upgrade(data.database, data.backups)
    db = Database(data.database)
    with db.uow() as uow:
        bootstrap.seed_reference_data(uow)
        name, _role, pw = USERS["admin"]
        admin = users.create_first_admin(uow, "admin", name, pw).value.actor
        uow.commit()
    with db.uow() as uow:
        for login, (name, role, pw) in USERS.items():
            if login != "admin":
                users.add_user(uow, admin, login, name, role, pw)
        uow.commit()
    if demo_available():
        from desk_app.demo import county as demo  # type: ignore[attr-defined]

        print(f"building demo data ({members} members)…", flush=True)
        demo.build_demo(db, members=members)
    db.dispose()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path, help="folder for the PNG files")
    p.add_argument("--data-dir", type=Path, help="an existing desk (a copy) to show")
    p.add_argument("--user", default="reviewer", help="who is signed in (default: reviewer)")
    p.add_argument("--password", help="that user's password (with --data-dir)")
    p.add_argument("--admin", default="admin", help="an admin, for the 系统 screens")
    p.add_argument("--admin-password", help="the admin's password (with --data-dir)")
    p.add_argument("--members", type=int, default=400, help="demo members (throw-away desk)")
    args = p.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    if args.data_dir is None:
        root = Path(tempfile.mkdtemp(prefix="desk-shots-")) / "data"
        _throwaway_desk(root, args.members)
        passwords = {login: pw for login, (_n, _r, pw) in USERS.items()}
    else:
        root = args.data_dir.resolve()
        passwords = {args.user: args.password or "", args.admin: args.admin_password or ""}
    shots = take(root, out, args.user, args.admin, passwords)
    for path in shots:
        print(path)
    return 0


def take(root: Path, out: Path, user: str, admin: str, passwords: dict[str, str]) -> list[Path]:
    """Sign in, open each screen, save it; returns the files written."""
    from PySide6.QtWidgets import QApplication, QDialog, QWidget

    from db import Database
    from db.migrate import upgrade
    from desk_app.access import users
    from desk_app.system.paths import DataDir
    from ui.app import setup_qt
    from ui.context import AppContext, layout_store
    from ui.dialogs import ChangePasswordDialog, ShortcutsDialog
    from ui.main_window import MainWindow
    from ui.screens import registry
    from ui.screens.system.users_page import AddUserDialog
    from ui.signin import FirstAdminDialog, SignInDialog
    from ui.tasks import ChangeHub, SyncExecutor, TaskRunner

    data = DataDir(root)
    app, lang = setup_qt(data, "zh")
    upgrade(data.database, data.backups)
    db = Database(data.database)
    written: list[Path] = []

    def save(widget: QWidget, name: str) -> None:
        app.processEvents()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    def dialog(d: QDialog, name: str) -> None:
        d.show()
        d.adjustSize()
        save(d, name)
        d.close()

    runner = TaskRunner(ChangeHub(), db_executor=SyncExecutor(), net_executor=SyncExecutor())
    dialog(SignInDialog(db, runner, lang, county="示范县总工会", last_login=user), "00-登录")
    dialog(FirstAdminDialog(db, runner, lang), "00-首次使用-创建管理员")

    def window_for(login: str) -> MainWindow:
        with db.uow() as uow:
            actor = users.sign_in(uow, login, passwords[login]).actor
        hub = ChangeHub()
        ctx = AppContext(
            data=data,
            db=db,
            actor=actor,
            lang=lang,
            runner=TaskRunner(hub, db_executor=SyncExecutor(), net_executor=SyncExecutor()),
            hub=hub,
            layout=layout_store(data),
        )
        win = MainWindow(ctx, idle_minutes=60)
        win.showNormal()
        win.resize(*SIZE)
        return win

    win = window_for(user)
    for i, sec in enumerate(registry.SECTIONS, start=1):
        if win.navigate(sec.id):
            save(win, f"{i:02d}-{sec.label()}")
    if "clerk" in passwords:  # the claim screens with sample claims (a throw-away desk only)
        from scripts.tours.claims import tour

        with db.uow() as uow:
            clerk = users.sign_in(uow, "clerk", passwords["clerk"]).actor
            uow.commit()
        tour(win, save, clerk)
        from scripts.tours.payments import tour as payments_tour
        from scripts.tours.reports import tour as reports_tour

        payments_tour(win, save, clerk)  # 给付: batches paid and open, a reversal, dialogs
        reports_tour(win, save)  # 报表: this month's return, verification, analysis charts
    from scripts.tours.members import tour as people_tour

    people_tour(win, save, write="clerk" in passwords)  # members, units, roster, schemes, trial
    if "clerk" in passwords:  # 同步 with a trial city server (a throw-away desk only)
        from scripts.tours.sync import tour as sync_tour

        sync_tour(win, save, window_for(admin) if passwords.get(admin) else None)
    dialog(ShortcutsDialog(win), "20-快捷键一览")
    dialog(ChangePasswordDialog(win.ctx, win), "21-修改密码")
    win.lock.lock()
    save(win, "22-锁屏")
    if win.lock.dialog is not None:
        save(win.lock.dialog, "22-锁屏-解锁对话框")
    win.lock.unlock()
    win.close()
    if passwords.get(admin):
        awin = window_for(admin)
        awin.navigate("system")
        page = awin.pages["system"]
        if page.tabs is not None:
            for i in range(page.tabs.count()):
                page.tabs.setCurrentIndex(i)
                save(awin, f"09-系统-{page.tabs.tabText(i)}")
        dialog(AddUserDialog(awin.ctx, awin), "23-添加用户")
        awin.close()
    db.dispose()
    QApplication.processEvents()
    return written


if __name__ == "__main__":
    sys.exit(main())
