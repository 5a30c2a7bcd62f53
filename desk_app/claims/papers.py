"""A claim's papers (材料): scans and files attached to the checklist items, and the reviewer
sending a claim back for a missing paper.

Attachments are checked like every file that comes from outside (type by content, size, pixel
count), images are turned upright, cropped to the page and reduced to A4 at 200 dpi as JPEG,
then stored once by their SHA-256 in the desk's own database — protected, backed up and
restored with it. Once the claim is reviewed its papers cannot change (the database refuses it
too); a new scan is a new attachment and a wrong one taken back is kept, marked removed.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import warnings
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from base.changes import Changes, Done
from base.clock import now
from base.errors import Conflict, NotFound, ValidationError, msg
from db.engine import UnitOfWork
from db.models import AttachmentBlob, ClaimAttachment, Enrollment
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.claims import calc as desk_calc
from desk_app.claims.model import ClaimView
from desk_app.claims.paper_state import AttachmentView, attachment_view, write_files
from desk_app.claims.views import claim_view, find_claim, target, wrong_status
from desk_app.schemes.model import DocumentItem

CHANGED = Changes(claims=True, audit=True)
MAX_BYTES = 20 * 1024 * 1024  # a file as it comes from the camera or the disk
MAX_PDF = 10 * 1024 * 1024
MAX_PIXELS = 60_000_000  # a 12-megapixel camera gives 12 M; more is a bomb, not a page
PAGE = (1654, 2339)  # A4 at 200 dpi, portrait
JPEG_QUALITY = 75
OPEN = ("draft", "submitted")
SENSE = 400  # the side, in pixels, of the copy the page's lines are read from
SIDEWAYS = 3.0  # lines running up and down this much more sharply than across: turned


@dataclass(frozen=True)
class Prepared:
    mime: str
    content: bytes


def _refuse(zh: str, en: str, **params: object) -> ValidationError:
    return ValidationError(msg(zh, en, **params), code="bad_attachment")


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _page_image(data: bytes) -> bytes:
    """An upright page, cropped to the paper, at most A4 at 200 dpi, as JPEG."""
    from PIL import Image, ImageChops, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # The size is checked below, before anything is decoded.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img: Image.Image = Image.open(io.BytesIO(data))
        w, h = img.size
        if w * h > MAX_PIXELS:
            raise _refuse(
                "图片过大（{w}×{h} 像素），请用高拍仪或扫描仪的文档模式重拍",
                "the picture is too large ({w}×{h} pixels): take it again in document mode",
                w=w,
                h=h,
            )
        img.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise _refuse(
            "图片文件已损坏或不是图片，无法保存", "the picture is damaged or not a picture"
        ) from exc
    turned = _exif_turned(img)
    img = ImageOps.exif_transpose(img)
    img = img.convert("L") if img.mode in ("1", "L", "LA", "I", "I;16") else img.convert("RGB")
    if not turned:  # the camera did not say which way is up: read it from the lines of text
        img = _upright(img)
    # Crop to the paper: the part that differs from the colour of the top-left corner, when it
    # is a real part of the picture (not a speck of noise).
    background = Image.new(img.mode, img.size, img.getpixel((0, 0)))
    box = ImageChops.difference(img, background).convert("L").point(lambda v: 255 if v > 40 else 0)
    bbox = box.getbbox()
    if bbox is not None:
        bw, bh = bbox[2] - bbox[0], bbox[3] - bbox[1]
        if bw * bh >= 0.3 * img.size[0] * img.size[1]:
            img = img.crop(bbox)
    page = PAGE if img.size[1] >= img.size[0] else (PAGE[1], PAGE[0])
    img.thumbnail(page, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, dpi=(200, 200))
    return out.getvalue()


def _exif_turned(img: Any) -> bool:
    """The picture carries an EXIF orientation (the camera knew which way was up)."""
    try:
        return int(img.getexif().get(0x0112, 1)) != 1
    except (ValueError, TypeError, OSError):
        return False


def _sharpness(profile: list[float]) -> float:
    """How sharply a projection profile alternates (lines of text against the gaps between
    them); margins, which change once, count little."""
    return sum((b - a) ** 2 for a, b in itertools.pairwise(profile)) / max(1, len(profile) - 1)


def _ink(img: Any) -> Any:
    """The dark marks of a small grey copy (255 where ink is)."""
    from PIL import Image

    small = img.convert("L")
    small.thumbnail((SENSE, SENSE), Image.Resampling.BOX)
    return small.point(lambda v: 255 if v < 128 else 0)


def _profiles(ink: Any) -> tuple[list[float], list[float]]:
    """The share of ink in each row and in each column."""
    from PIL import Image

    w, h = ink.size
    rows = list(ink.resize((1, h), Image.Resampling.BOX).tobytes())
    cols = list(ink.resize((w, 1), Image.Resampling.BOX).tobytes())
    return [v / 255 for v in rows], [v / 255 for v in cols]


def _upright(img: Any) -> Any:
    """A page photographed sideways, without EXIF, turned upright: when the lines of text run
    clearly up and down (the column profile alternates far more sharply than the row profile),
    the page is turned a quarter — the way that puts more of the writing in the upper half, as
    a page fills from the top. An upright page, or one without clear lines (a photo, a card),
    is left as it is; a page upside down cannot be told from its lines and is not turned."""
    from PIL import Image

    rows, cols = _profiles(_ink(img))
    if sum(rows) < 1 or _sharpness(cols) < SIDEWAYS * max(_sharpness(rows), 1e-9):
        return img
    best = None
    for turn in (Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270):
        r, _c = _profiles(_ink(img.transpose(turn)))
        top = sum(r[: len(r) // 2]) / max(sum(r), 1e-9)
        if best is None or top > best[0]:
            best = (top, turn)
    assert best is not None
    return img.transpose(best[1])


def prepare(data: bytes) -> Prepared:
    """Check a file and bring it to the stored form; a :class:`ValidationError` in the clerk's
    words for anything that is not a JPEG, PNG or PDF of a sensible size."""
    if not data:
        raise _refuse("文件是空的", "the file is empty")
    if len(data) > MAX_BYTES:
        raise _refuse(
            "文件太大（{m} MB，最多 20 MB）",
            "the file is too large ({m} MB, at most 20 MB)",
            m=len(data) // (1024 * 1024),
        )
    kind = _sniff(data)
    if kind is None:
        raise _refuse("只能附 JPEG、PNG 图片或 PDF 文件", "only JPEG or PNG pictures and PDF files")
    if kind == "application/pdf":
        if len(data) > MAX_PDF:
            raise _refuse("PDF 文件太大（最多 10 MB）", "the PDF is too large (at most 10 MB)")
        if b"%%EOF" not in data[-2048:]:
            raise _refuse("PDF 文件不完整", "the PDF file is incomplete")
        return Prepared(kind, data)
    return Prepared("image/jpeg", _page_image(data))


def attach(
    uow: UnitOfWork,
    actor: Actor,
    claim_id: int,
    item_code: str,
    data: bytes,
    *,
    source_name: str | None = None,
) -> Done[AttachmentView]:
    """Attach a scan or file to a checklist item of a claim not yet reviewed."""
    authorize(uow, actor, Perm.CLAIMS, f"claim:{claim_id}")
    s = uow.session
    claim = find_claim(s, claim_id)
    if claim.status not in OPEN:
        raise wrong_status(
            claim, "已审核的申请不能再改材料", "the papers of a reviewed claim cannot change"
        )
    scheme = desk_calc.load_scheme_for(s, claim.scheme)
    codes = {d.code for d in scheme.checklist(claim.kind)}
    if item_code not in codes:
        raise NotFound(
            msg("该申请的材料清单里没有 {c}", "no paper {c} in this claim's checklist", c=item_code)
        )
    ready = prepare(data)
    sha = hashlib.sha256(ready.content).hexdigest()
    if s.get(AttachmentBlob, sha) is None:
        s.add(
            AttachmentBlob(
                sha256=sha, mime=ready.mime, size=len(ready.content), content=ready.content
            )
        )
    row = ClaimAttachment(
        claim_id=claim.id,
        item_code=item_code,
        sha256=sha,
        mime=ready.mime,
        size=len(ready.content),
        source_name=(source_name or "")[:200] or None,
        added_by=actor.login,
        added_at=now(),
    )
    s.add(row)
    s.flush()
    write_files(s, claim)
    audit.record(
        s,
        actor.login,
        "claim.attach",
        target(claim.claim_no),
        detail={"item": item_code, "sha256": sha, "size": len(ready.content)},
    )
    return Done(attachment_view(row), CHANGED)


def remove(uow: UnitOfWork, actor: Actor, attachment_id: int) -> Done[None]:
    """Take back a wrong scan before review (the row and bytes are kept, marked removed)."""
    authorize(uow, actor, Perm.CLAIMS, f"attachment:{attachment_id}")
    s = uow.session
    row = s.get(ClaimAttachment, attachment_id)
    if row is None or row.removed_at is not None:
        raise NotFound(msg("没有这个附件", "no such attachment"))
    claim = find_claim(s, row.claim_id)
    if claim.status not in OPEN:
        raise wrong_status(
            claim, "已审核的申请不能再改材料", "the papers of a reviewed claim cannot change"
        )
    row.removed_at = now()
    row.removed_by = actor.login
    s.flush()
    write_files(s, claim)
    audit.record(
        s,
        actor.login,
        "claim.detach",
        target(claim.claim_no),
        detail={"item": row.item_code, "sha256": row.sha256},
    )
    return Done(None, CHANGED)


def content(uow: UnitOfWork, actor: Actor, sha256: str) -> tuple[str, bytes]:
    """The stored bytes of an attachment (mime, bytes), for viewing and printing."""
    authorize(uow, actor, Perm.VIEW, f"attachment:{sha256[:12]}")
    blob = uow.session.get(AttachmentBlob, sha256)
    if blob is None:
        raise NotFound(msg("附件内容不在本机", "the attachment's content is not on this desk"))
    return blob.mime, bytes(blob.content)


def attachments_of(uow: UnitOfWork, claim_id: int) -> list[AttachmentView]:
    """A claim's active attachments in the order they were added."""
    rows = uow.session.execute(
        select(ClaimAttachment)
        .where(ClaimAttachment.claim_id == claim_id, ClaimAttachment.removed_at.is_(None))
        .order_by(ClaimAttachment.id)
    ).scalars()
    return [attachment_view(a) for a in rows]


def send_back(uow: UnitOfWork, actor: Actor, claim_id: int, reason: str) -> Done[ClaimView]:
    """退回补件: the reviewer sends a submitted claim back to the clerk for a missing or
    unreadable paper, with the reason (kept in the claim's note and the audit log). The claim
    is a draft again; its calculation stays in the history, no longer current."""
    authorize(uow, actor, Perm.REVIEW, f"claim:{claim_id}")
    s = uow.session
    claim = find_claim(s, claim_id)
    if claim.status != "submitted":
        raise wrong_status(
            claim, "只有待审核的申请可以退回补件", "only a submitted claim can be sent back"
        )
    text = " ".join(reason.split())[:200]
    if not text:
        raise ValidationError(
            msg("请写明缺少或需要补的材料", "say which paper is missing"), code="no_reason"
        )
    if claim.created_by == actor.login:
        raise Conflict(
            msg("不能退回自己录入的申请", "you cannot send back a claim you entered"),
            code="own_claim",
        )
    claim.status = "draft"
    claim.submitted_at = None
    claim.submitted_by = None
    claim.submit_seq = None
    desk_calc.clear(s, claim)
    stamp = now().date().isoformat()
    claim.note = f"{claim.note or ''}\n【退回补件 {stamp}】{text}".strip()[:1000]
    s.flush()
    audit.record(s, actor.login, "claim.send_back", target(claim.claim_no), detail={"reason": text})
    return Done(claim_view(s, claim), CHANGED)


def checklist_for(uow: UnitOfWork, enrollment_id: int, kind: str) -> tuple[DocumentItem, ...]:
    """The papers a claim of ``kind`` under an enrollment's scheme needs (for the intake form)."""
    enrollment = uow.session.get(Enrollment, enrollment_id)
    if enrollment is None:
        return ()
    return desk_calc.load_scheme_for(uow.session, enrollment.scheme).checklist(kind)
