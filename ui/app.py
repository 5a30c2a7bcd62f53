"""Start the window: Qt set-up, the language, the database brought to the current schema
before any window opens, the first admin of a new desk (and demo data, if wanted), sign-in,
and the session cycle (sign out or restore → sign in again → …)."""

from __future__ import annotations

import logging
import os
import sys
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from base.clock import local
from db import Database
from db.connect import KeyMissing
from db.migrate import DatabaseTooNew, MigrationFailed, upgrade
from desk_app.access import users
from desk_app.access.users import UserView
from desk_app.system import backups, bootstrap, relocate, settings
from desk_app.system.backups import Restored, restore_from
from desk_app.system.crashes import Previous
from desk_app.system.paths import DataDir
from desk_app.system.settings import stored_language
from ui import i18n, style
from ui.context import AppContext, layout_store
from ui.crash import CrashReporter
from ui.main_window import MainWindow
from ui.messages import error_text, show_error
from ui.recovery import offer_copies
from ui.signin import DemoDialog, FirstAdminDialog, SignInDialog, demo_available
from ui.sync_status import sync_held
from ui.tasks import ChangeHub, TaskRunner, freeze_heap

log = logging.getLogger(__name__)

BACKUP_CHECK_MS = 10 * 60 * 1000  # look every 10 minutes whether a backup is due
BACKUP_FIRST_CHECK_MS = 60 * 1000  # and once a minute after signing in


class DeskApp(QObject):
    """The controller of one running program. ``start()`` opens the database and the first
    dialog; everything after is driven by the dialogs' and the window's signals, so tests can
    walk through it with key clicks."""

    sig_quit = Signal(int)  # the program should end with this code

    def __init__(
        self,
        data: DataDir,
        lang: str,
        *,
        executor: Executor | None = None,
        fatal: Any = None,
        lang_option: str | None = None,
        previous: Previous | None = None,
    ) -> None:
        super().__init__()
        self.data = data
        self.previous = previous  # the last run did not end properly: say so at sign-in
        self.lang = lang
        self.lang_option = lang_option  # --lang, shown in 系统 with what decided the language
        self.hub = ChangeHub(self)
        self.runner = TaskRunner(self.hub, db_executor=executor, net_executor=executor, parent=self)
        self.layout = layout_store(data)
        self.db: Database | None = None
        self.window: MainWindow | None = None
        self.dialog: QWidget | None = None
        self._pending_restore: Path | None = None
        self._pending_move: Path | None = None
        self._fatal = fatal or self._fatal_box
        self._worked = False  # a session was opened: back up at exit
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(self._backup_tick)

    # -- start ---------------------------------------------------------------------------
    def start(self) -> bool:
        """Migrate (after a backup) and open the database, then show the first dialog.
        False when the program cannot go on (the reason was shown)."""
        self.data.ensure()
        try:
            upgrade(self.data.database, self.data.backups, encrypt=True)
        except MigrationFailed as exc:
            log.exception("migration failed")
            kept = f"\n\n{exc.backup_path}" if exc.backup_path else ""
            self._fatal(
                QCoreApplication.translate(
                    "DeskApp",
                    "The database could not be brought up to date for this version of the "
                    "program. Nothing was changed: the database is as it was before.%1",
                ).replace("%1", kept),
                str(exc),
            )
            return False
        except KeyMissing as exc:
            self._fatal(
                QCoreApplication.translate(
                    "DeskApp",
                    "This database is encrypted, and the key folder (keys) beside it holds no key "
                    "for it. Put the key folder back, or restore a backup with the recovery key "
                    "(desk-app restore … --recovery-key). Nothing was changed.",
                ),
                str(exc),
            )
            return False
        except DatabaseTooNew as exc:
            self._fatal(
                QCoreApplication.translate(
                    "DeskApp",
                    "This database was made by a newer version of the program. Install that "
                    "version (or newer) to open it. Nothing was changed.",
                ),
                str(exc),
            )
            return False
        except OSError as exc:
            self._fatal(
                QCoreApplication.translate("DeskApp", "The data folder cannot be used: %1").replace(
                    "%1", str(exc)
                ),
                "",
            )
            return False
        self.db = Database(self.data.database)
        with self.db.uow() as uow:
            bootstrap.seed_reference_data(uow)
            uow.commit()
        with self.db.reader() as uow:
            first = not users.has_users(uow)
        if first:
            self._show_first_admin()
        else:
            self._show_sign_in(self._abnormal_end_notice())
        self.runner.sig_error.connect(self._on_task_error)
        return True

    def _abnormal_end_notice(self) -> str:
        """What the sign-in says when the last run ended without closing (killed, power cut,
        a crash); empty after a normal end."""
        previous = self.previous
        if previous is None:
            return ""
        log.warning("the previous run ended abnormally (native crash: %s)", previous.native_crash)
        when = f"{local(previous.started):%Y-%m-%d %H:%M}" if previous.started else "?"
        return (
            QCoreApplication.translate(
                "DeskApp",
                "The program did not end properly last time (started %1). Forms that were "
                "being typed are offered again after you sign in. If this happens again, send "
                "the files in the log folder to support: %2",
            )
            .replace("%1", when)
            .replace("%2", str(self.data.logs))
        )

    def _on_task_error(self, exc: BaseException, parent: Any) -> None:
        """A job failed with nobody to tell while no window is open (the window shows its
        own): the clerk still sees a message (the runner logged the error)."""
        if self.window is None:
            show_error(self.dialog, exc, self.lang)

    def _fatal_box(self, text: str, details: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Critical, QCoreApplication.translate("DeskApp", "Cannot start"), text
        )
        if details:
            box.setDetailedText(details)
        box.exec()

    # -- first start ----------------------------------------------------------------------
    def _show_first_admin(self) -> None:
        assert self.db is not None
        dlg = FirstAdminDialog(self.db, self.runner, self.lang)
        dlg.sig_created.connect(self._after_first_admin)
        dlg.rejected.connect(lambda: self.quit(0))
        self._set_dialog(dlg)

    def _after_first_admin(self, user: UserView) -> None:
        self.layout.setValue("signin/last_login", user.login)
        assert self.db is not None
        if demo_available():
            dlg = DemoDialog(self.db, self.runner, self.lang)
            dlg.sig_finished.connect(self._show_sign_in)
            self._set_dialog(dlg)
        else:
            self._show_sign_in()

    # -- sign in --------------------------------------------------------------------------
    def _show_sign_in(self, notice: str = "") -> None:
        assert self.db is not None
        with self.db.reader() as uow:
            county = settings.get(uow.session, settings.COUNTY_NAME)
        dlg = SignInDialog(
            self.db,
            self.runner,
            self.lang,
            county=county,
            last_login=str(self.layout.value("signin/last_login", "") or ""),
            notice=notice,
        )
        dlg.sig_signed_in.connect(self._open_window)
        dlg.rejected.connect(lambda: self.quit(0))
        self._set_dialog(dlg)

    def _set_dialog(self, dlg: QWidget) -> None:
        log.info("showing %s", type(dlg).__name__)
        old, self.dialog = self.dialog, dlg
        if old is not None:
            old.deleteLater()
        dlg.show()
        dlg.raise_()
        dlg.activateWindow()

    def _open_window(self, user: UserView) -> None:
        assert self.db is not None
        self.layout.setValue("signin/last_login", user.login)
        with self.db.reader() as uow:
            minutes = settings.get(uow.session, settings.IDLE_LOCK_MINUTES)
        ctx = AppContext(
            data=self.data,
            db=self.db,
            actor=user.actor,
            lang=self.lang,
            runner=self.runner,
            hub=self.hub,
            layout=self.layout,
            lang_option=self.lang_option,
        )
        win = MainWindow(ctx, idle_minutes=minutes)
        freeze_heap()  # the session's start-up objects, out of every later full collection
        win.sync_scheduler.start()  # a sync soon after sign-in, then every sync.interval_minutes
        self._worked = True
        if not self._backup_timer.isActive():
            self._backup_timer.start()
            QTimer.singleShot(BACKUP_FIRST_CHECK_MS, self._backup_tick)
        win.closed.connect(self._on_window_closed)
        win.sig_restore_requested.connect(self._on_restore_requested)
        win.sig_move_requested.connect(self._on_move_requested)
        self.window = win
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        if win.windowState() & Qt.WindowState.WindowMaximized:
            win.showMaximized()
        else:
            win.show()
        win.activateWindow()
        # Forms kept from before a crash are offered back once the window is up (issue #12).
        QTimer.singleShot(0, lambda: offer_copies(win))

    # -- the session ends -----------------------------------------------------------------
    def _on_restore_requested(self, path: Path) -> None:
        self._pending_restore = path
        if self.window is not None:
            self.window._finish("restore")

    def _on_move_requested(self, target: Path) -> None:
        self._pending_move = target
        if self.window is not None:
            self.window._finish("move")

    def _move(self, target: Path) -> None:
        """Copy the data folder to ``target`` and carry on there; the old one stays as it was.
        Runs with the database closed (everyone is signed out)."""
        assert self.db is not None
        try:
            with sync_held():  # no sync writes while the folder is copied
                self.db.dispose()
                new = relocate.move_data_dir(self.data, target)
        except Exception as exc:
            log.error("moving the data folder failed", exc_info=exc)
            self.db = Database(self.data.database)
            self._show_sign_in(
                QCoreApplication.translate(
                    "DeskApp", "The data folder was not moved, nothing was changed: %1"
                ).replace("%1", error_text(exc, self.lang))
            )
            return
        old = self.data.root
        self.data = new
        self.layout = layout_store(new)
        logs_setup(new)
        self.db = Database(new.database)
        self._show_sign_in(
            QCoreApplication.translate(
                "DeskApp",
                "The data is now in %1. The old folder %2 was left as it was; delete it when "
                "you are sure. Please sign in again.",
            )
            .replace("%1", str(new.root))
            .replace("%2", str(old))
        )

    def _on_window_closed(self, reason: str) -> None:
        win, self.window = self.window, None
        actor = win.ctx.actor if win is not None else None
        if win is not None:
            win.deleteLater()
        if reason == "sign_out":
            self._show_sign_in()
        elif reason == "move" and self._pending_move is not None:
            target, self._pending_move = self._pending_move, None
            self._move(target)
        elif reason == "restore" and self._pending_restore is not None and actor is not None:
            path, self._pending_restore = self._pending_restore, None
            self._restore(path, actor)
        else:
            self.quit(0)

    def _restore(self, path: Path, actor: Any) -> None:
        assert self.db is not None
        db, data = self.db, self.data

        def job(_p: Any, _c: Any) -> Restored:
            with sync_held():  # a sync cancelled by the closing window ends first
                return restore_from(db, data, actor, path)

        def done(result: Restored) -> None:
            self.db = result.db
            self._show_sign_in(
                QCoreApplication.translate(
                    "DeskApp", "The database was restored from %1. Please sign in again."
                ).replace("%1", path.name)
            )

        def failed(exc: BaseException) -> None:
            log.error("restore failed", exc_info=exc)
            db.dispose()
            self.db = Database(data.database)
            self._show_sign_in(
                QCoreApplication.translate(
                    "DeskApp", "The restore failed and nothing was changed: %1"
                ).replace("%1", error_text(exc, self.lang))
            )

        self.runner.run(
            job,
            done=done,
            failed=failed,
            title=QCoreApplication.translate("DeskApp", "Restoring the backup…"),
            cancellable=False,
        )

    # -- automatic backups -----------------------------------------------------------------
    def _backup_tick(self) -> None:
        """Every few minutes: a backup if the interval (backup.every_hours) has passed. Runs
        on the database worker, silently; a failure is logged and shown in the status bar."""
        db, data = self.db, self.data
        if db is None:
            return

        def job(_p: Any, _c: Any) -> Path | None:
            return backups.backup_if_due(db, data)

        def failed(exc: BaseException) -> None:
            log.error("automatic backup failed", exc_info=exc)
            if self.window is not None:
                self.window.status_message(
                    QCoreApplication.translate(
                        "DeskApp", "The automatic backup failed: %1"
                    ).replace("%1", error_text(exc, self.lang)),
                    15000,
                )

        self.runner.run(job, failed=failed)  # no title: no progress dialog

    def _backup_at_exit(self) -> None:
        if self.db is None or not self._worked:
            return
        try:
            backups.auto_backup(self.db, self.data, reason="exit")
        except Exception:  # never keep the program from ending over a backup
            log.exception("backup at exit failed")

    def quit(self, code: int = 0) -> None:
        """Let queued writes finish, back up, close the database, and say the program may
        end."""
        self._backup_timer.stop()
        self.runner.shutdown(wait=True)
        self._backup_at_exit()
        if self.db is not None:
            self.db.dispose()
        self.layout.sync()
        self.sig_quit.emit(code)


def _make_app() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fractional scaling (125 %, 150 % on Windows laptops) exactly, not rounded to 1x or 2x.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv)
    app.setApplicationName("desk-app")
    app.setOrganizationName("desk-app")
    return app


def setup_qt(
    data: DataDir, lang: str | None = None, *, option: str | None = None
) -> tuple[QApplication, str]:
    """The application object, its language, font and style (also used by the screenshot
    script). ``lang`` overrides everything (the screenshots); ``option`` is ``--lang``, which
    comes after the setting (see :func:`ui.i18n.choose_language`)."""
    app = _make_app()
    lang = lang or i18n.resolve_language(stored_language(data.database), option)
    i18n.install(app, lang)
    # Qt's own file and folder dialogs, in the window's language (a native one speaks the
    # system's: "Look in:" on an English Windows or under LC_ALL=C).
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    style.apply(app)
    app.setQuitOnLastWindowClosed(False)  # the controller decides when the program ends
    return app, lang


def logs_setup(data: DataDir) -> None:
    """Log files in the data folder (scrubbed of personal data by desk_app.system.logs)."""
    try:
        from desk_app.system import logs

        data.ensure()
        logs.setup(data.logs)
    except OSError:
        pass


def run_window(
    data: DataDir, option: str | None = None, *, previous: Previous | None = None
) -> int:
    """``desk-app`` with no command: the window, until the person leaves (``option``: the
    ``--lang`` given; ``previous``: the last run ended abnormally, desk_app.system.crashes).
    Returns the exit code."""
    logs_setup(data)
    app, lang = setup_qt(data, option=option)
    reporter = CrashReporter(data.logs)
    reporter.install()
    desk = DeskApp(data, lang, lang_option=option, previous=previous)
    desk.sig_quit.connect(app.exit)
    if not desk.start():
        return 1
    # For the installer's smoke test: open the first window, then close it again on its own.
    smoke = os.environ.get("DESK_APP_EXIT_AFTER_MS")
    if smoke:
        QTimer.singleShot(int(smoke), lambda: desk.quit(0))
    return int(app.exec())
