"""Scanning a paper at the counter (高拍仪): the document camera's live picture, Space takes a
shot, each shot listed, R turns the last one a quarter; or pictures and PDF files picked from
the disk (Ctrl+O). Enter keeps the shots, Esc drops them. A document camera is an ordinary
camera to the PC (QtMultimedia); without one the dialog says so and offers the files. The
shots go through the same pipeline as files: bytes to :func:`desk_app.claims.papers.attach`,
which checks, turns, crops and reduces them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QKeySequence, QShortcut, QTransform
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from base.changes import NOTHING, Done
from db import UnitOfWork
from desk_app.claims import service as claims


def image_bytes(image: QImage) -> bytes:
    """A camera frame as PNG bytes (lossless: the service makes the stored JPEG once)."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; it takes str
    buf.close()
    return bytes(data.data())


class CaptureDialog(QDialog):
    """Shots and files for one paper; :attr:`pages` holds ``(name, bytes)`` once accepted."""

    def __init__(self, paper_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Scan: %1").replace("%1", paper_name))
        self.pages: list[tuple[str, bytes]] = []
        self._camera: Any = None
        self._capture: Any = None
        self.preview_host = QVBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.shots = QListWidget()
        self.shots.setMaximumHeight(90)
        shoot = QPushButton(self.tr("Take shot (Space)"))
        shoot.clicked.connect(self.shoot)
        pick = QPushButton(self.tr("From file… (Ctrl+O)"))
        pick.clicked.connect(self.pick_files)
        turn = QPushButton(self.tr("Turn the last one (R)"))
        turn.clicked.connect(self.turn_last)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.shoot)
        QShortcut(QKeySequence("Ctrl+O"), self, self.pick_files)
        # A page upside down (its lines cannot tell): R turns the last shot a quarter.
        QShortcut(QKeySequence(Qt.Key.Key_R), self, self.turn_last)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Keep"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(shoot)
        row.addWidget(pick)
        row.addWidget(turn)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(self.preview_host, 1)
        lay.addWidget(self.status)
        lay.addLayout(row)
        lay.addWidget(self.shots)
        lay.addWidget(buttons)
        self._start_camera()
        self.resize(720, 560)

    # -- the camera -------------------------------------------------------------------------
    def _start_camera(self) -> None:
        try:
            from PySide6.QtMultimedia import (
                QCamera,
                QImageCapture,
                QMediaCaptureSession,
                QMediaDevices,
            )
        except ImportError:  # Qt's multimedia libraries missing on this PC (see docs/install.md)
            inputs = []
        else:
            inputs = QMediaDevices.videoInputs()
        if not inputs:
            self.status.setText(
                self.tr("No document camera found. Pick the scanned files instead (Ctrl+O).")
            )
            return
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self._session = QMediaCaptureSession(self)
        camera = QCamera(inputs[0], self)
        capture = QImageCapture(self)
        video = QVideoWidget(self)
        self._session.setCamera(camera)
        self._session.setImageCapture(capture)
        self._session.setVideoOutput(video)
        capture.imageCaptured.connect(lambda _id, image: self.add_image(image))
        self.preview_host.addWidget(video)
        camera.start()
        self._camera, self._capture = camera, capture
        self.status.setText(
            self.tr("%1: Space takes a shot, R turns the last one, Enter keeps the shots.").replace(
                "%1", inputs[0].description()
            )
        )

    def shoot(self) -> None:
        if self._capture is not None and self._capture.isReadyForCapture():
            self._capture.capture()

    def add_image(self, image: QImage) -> None:
        """One frame from the camera, as a page."""
        n = len(self.pages) + 1
        self._add(self.tr("Shot %1").replace("%1", str(n)), image_bytes(image))

    # -- files ------------------------------------------------------------------------------
    def pick_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Scanned papers"),
            "",
            self.tr("Pictures and PDF (*.jpg *.jpeg *.png *.pdf)"),
        )
        for name in names:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.status.setText(
                self.tr("Cannot read %1: %2")
                .replace("%1", path.name)
                .replace("%2", exc.strerror or str(exc))
            )
            return
        self._add(path.name, data)

    def _add(self, name: str, data: bytes) -> None:
        self.pages.append((name, data))
        self.shots.addItem(f"{len(self.pages)}. {name}（{len(data) // 1024 + 1} KB）")

    def turn_last(self) -> None:
        """The last page a quarter clockwise (pictures only; a PDF is kept as it is)."""
        if not self.pages:
            return
        name, data = self.pages[-1]
        image = QImage.fromData(data)
        if image.isNull():
            self.status.setText(self.tr("Only pictures can be turned; a PDF is kept as it is."))
            return
        self.pages[-1] = (name, image_bytes(image.transformed(QTransform().rotate(90))))
        self.shots.item(self.shots.count() - 1).setText(
            f"{len(self.pages)}. {name}（{len(self.pages[-1][1]) // 1024 + 1} KB）"
            + self.tr(" — turned")
        )

    def done(self, result: int) -> None:
        if self._camera is not None:
            self._camera.stop()
        if result != QDialog.DialogCode.Accepted:
            self.pages = []
        super().done(result)


def attach_pages(screen: Any, code: str) -> None:
    """Ctrl+Shift+A on a paper of the intake screen: the draft is saved first (an attachment
    belongs to a stored claim), then the shots or files kept in the dialog are attached."""
    if not screen.editable:
        return
    if screen.claim is None or screen.dirty:
        screen.save(then=lambda: attach_pages(screen, code))
        return
    claim_id = screen.claim.id
    name = next((d.name for d in screen.form.papers.items if d.code == code), code)
    dialog = CaptureDialog(name, screen)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.pages:
        return
    pages, actor = list(dialog.pages), screen.ctx.actor

    def job(uow: UnitOfWork) -> Done[int]:
        """Every page of the paper, or none."""
        changes = NOTHING
        for source, data in pages:
            changes |= claims.attach(uow, actor, claim_id, code, data, source_name=source).changes
        return Done(claim_id, changes)

    screen._run(job, lambda done: screen._reload(done.value))
