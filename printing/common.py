"""What every printed document shares: A4 page set-up, styles, number and date formats, the
amount in Chinese capitals, ID masking, the QR code, per-form page numbering with a repeated
header on continuation pages, and writing the PDF to a path or a stream.

Thread: documents are built on whatever thread calls the ``render_*`` functions (the window's
task runner, never the GUI thread for a batch); nothing here is shared between two builds except
the registered fonts, which reportlab keeps per document once registered.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

import cn2an
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    TableStyle,
)

from base.errors import DeskError, msg
from printing import fonts
from printing.wrap import CJKParagraph

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X
MARGIN_TOP_FIRST = 14 * mm
MARGIN_TOP_LATER = 27 * mm  # room for the repeated header on continuation pages
MARGIN_BOTTOM = 17 * mm  # room for the footer

CENT = Decimal("0.01")
GENDERS = {"M": "男", "F": "女", "男": "男", "女": "女"}
RULE = colors.black
LIGHT = colors.Color(0.93, 0.93, 0.93)

OutTarget = str | os.PathLike[str] | BinaryIO


class PrintOutputError(DeskError):
    """The PDF could not be written where the clerk asked (folder missing, file open elsewhere)."""

    code = "print_output"


# ---------------------------------------------------------------------------------------------
# Numbers, dates, IDs


def money(amount: Decimal) -> str:
    """``1,830.00``: thousands separators, two decimals, half up."""
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def amount_in_capitals(amount: Decimal) -> str:
    """The amount in Chinese financial capitals: ``壹仟捌佰叁拾元整``, ``壹仟元零伍分``.

    The amount is first rounded half up to the fen (cn2an would silently drop further
    decimals). Follows the rule for vouchers (《支付结算办法》附件): an amount that ends at 元 or
    at 角 ends with 整; one that ends at 分 does not. Negative amounts are refused.
    """
    if not isinstance(amount, Decimal) or isinstance(amount, bool):
        raise TypeError(f"amount must be a Decimal, not {amount!r}")
    q = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if q < 0:
        raise ValueError(f"no capitals for a negative amount: {amount}")
    text: str = cn2an.an2cn(format(q, "f"), "rmb")
    if text.endswith("角"):
        text += "整"
    return text


def cn_date(d: date | None, blank: str = "") -> str:
    """``2015年8月1日``; ``blank`` for a date not known."""
    return f"{d.year}年{d.month}月{d.day}日" if d else blank


def blank_date() -> str:
    """A date line for the clerk to fill in by hand. Wide spaces where the font can keep them
    (the built-in CID font has no no-break space, so it gets underscores instead)."""
    if fonts.has_char("\u00a0"):
        return "\u3000\u3000年\u3000\u3000月\u3000\u3000日"
    return "____年___月___日"


def mask_id(number: str) -> str:
    """``330203********1234``: the first six and last four characters of a resident ID stay.

    A 15-digit (old) number keeps the same ends with five stars; anything shorter than ten
    characters shows only its last four.
    """
    n = number.strip()
    if len(n) >= 10:
        return n[:6] + "*" * (len(n) - 10) + n[-4:]
    return "*" * max(0, len(n) - 4) + n[-4:]


def id_text(number: str, masked: bool) -> str:
    return mask_id(number) if masked else number.strip()


def gender_text(g: str) -> str:
    """``"M"``/``"F"`` to 男/女; anything else is printed as given."""
    return GENDERS.get(g.strip().upper(), g.strip())


# ---------------------------------------------------------------------------------------------
# Styles and text


def markup(text: str | None) -> str:
    """Paragraph markup for plain text: escaped (an ``<`` in a diagnosis must print), line
    breaks kept, and characters the body font lacks switched to a fallback font."""
    if not text:
        return ""
    # reportlab collapses an ideographic space like any other; two no-break spaces keep its
    # width (where the font has one: the CID fallback does not, and gets one plain space).
    if "\u3000" in text and fonts.has_char("\u00a0"):
        text = text.replace("\u3000", "\u00a0\u00a0")
    body = fonts.font_name()
    parts: list[str] = []
    for name, run in fonts.runs(text):
        esc = escape(run).replace("\n", "<br/>")
        parts.append(esc if name == body else f'<font face="{name}">{esc}</font>')
    return "".join(parts)


@dataclass(frozen=True)
class Styles:
    font: str
    title: ParagraphStyle
    subtitle: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    value_c: ParagraphStyle
    value_r: ParagraphStyle
    small: ParagraphStyle
    small_c: ParagraphStyle
    small_r: ParagraphStyle
    num: ParagraphStyle
    head: ParagraphStyle
    body: ParagraphStyle
    big: ParagraphStyle


@lru_cache(maxsize=4)
def _styles_for(font: str) -> Styles:
    def st(
        name: str, size: float, align: int = TA_LEFT, leading: float | None = None, **kw: Any
    ) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=leading or size * 1.32,
            alignment=align,
            wordWrap="CJK",
            **kw,
        )

    return Styles(
        font=font,
        title=st("title", 20, TA_CENTER, 26, spaceAfter=2),
        subtitle=st("subtitle", 13, TA_CENTER, 18),
        label=st("label", 10.5, TA_CENTER, 13.5),
        value=st("value", 11, TA_LEFT, 14.5),
        value_c=st("value_c", 11, TA_CENTER, 14.5),
        value_r=st("value_r", 11, TA_RIGHT, 14.5),
        small=st("small", 8.5, TA_LEFT, 10.5),
        small_c=st("small_c", 8.5, TA_CENTER, 10.5),
        small_r=st("small_r", 8.5, TA_RIGHT, 10.5),
        num=st("num", 9.5, TA_RIGHT, 12),
        head=st("head", 12, TA_LEFT, 16),
        body=st("body", 12, TA_LEFT, 21, firstLineIndent=24),
        big=st("big", 13, TA_LEFT, 17),
    )


def styles() -> Styles:
    """Paragraph styles in the active font (recomputed if the font changes)."""
    return _styles_for(fonts.font_name())


def table_style(cmds: Sequence[tuple] = ()) -> TableStyle:
    """A table style whose plain-string cells use our font (an empty cell would otherwise name
    Helvetica in the PDF)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.font_name()), *cmds])


def P(text: str | None, style: ParagraphStyle) -> Paragraph:
    return CJKParagraph(markup(text), style)


def fit(text: str, style: ParagraphStyle, width: float, *, min_size: float = 6.5) -> Paragraph:
    """A one-line paragraph for figures and numbers that must not wrap (an amount broken over
    two lines is misread): the font shrinks until the text fits ``width``; only text that does
    not fit even at ``min_size`` wraps."""
    size = style.fontSize
    pieces = list(fonts.runs(text))
    natural = sum(stringWidth(run, name, size) for name, run in pieces)
    if natural > width and natural > 0:
        size = max(min_size, size * width / natural * 0.98)
        style = ParagraphStyle(
            f"{style.name}-{size:.2f}",
            parent=style,
            fontSize=size,
            leading=max(style.leading * size / style.fontSize, size * 1.2),
        )
    return CJKParagraph(markup(text), style)


def qr_code(value: str, size: float) -> Flowable:
    """A QR code (error level M) of ``value``, ``size`` points square, drawn straight onto the
    page (reportlab's ``QrCode`` flowable: no graphics drawing, so no stray Helvetica)."""
    return QrCode(value, width=size, height=size, qrLevel="M", qrBorder=2)


def draw_text(
    canv: Canvas, x: float, y: float, text: str, size: float, align: str = "left"
) -> None:
    """Draw one line on the canvas (headers, footers) with the same font fallback as the body."""
    pieces = list(fonts.runs(text))
    width = sum(stringWidth(run, name, size) for name, run in pieces)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    for name, run in pieces:
        canv.setFont(name, size)
        canv.drawString(x, y, run)
        x += stringWidth(run, name, size)


# ---------------------------------------------------------------------------------------------
# Pages: one PDF may hold many forms; each is numbered on its own ("第 1 页 共 2 页")


@dataclass(frozen=True)
class PageMarks:
    """What a form prints around its pages: the header repeated on continuation pages and the
    footer on every page."""

    title: str
    facts: str
    footer_left: str
    footer_right: str
    numbered: bool = True


class FormStart(Flowable):
    """A zero-size marker placed first in each form's story: from here on, pages belong to
    this form. Drawing it also reports batch progress and honours cancellation.

    ``new_form=False`` starts a part of the same form (a voucher's member list): its pages go
    on counting with the form's ("第 2 页 共 5 页"), under the part's own marks, and the page it
    starts on carries its title in the flow rather than a continuation header."""

    def __init__(
        self,
        marks: PageMarks,
        on_start: Callable[[], None] | None = None,
        *,
        new_form: bool = True,
    ) -> None:
        super().__init__()
        self.marks = marks
        self.on_start = on_start
        self.new_form = new_form

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        if self.new_form or not hasattr(canv, "_desk_form"):
            canv._desk_form = getattr(canv, "_desk_form", -1) + 1  # type: ignore[attr-defined]
        canv._desk_marks = self.marks  # type: ignore[attr-defined]
        canv._desk_part_page = canv.getPageNumber()  # type: ignore[attr-defined]
        if self.on_start is not None:
            self.on_start()


class FormCanvas(Canvas):
    """Holds the pages back until the end, so each can say how many pages its own form has.

    (The usual reportlab "page x of y" recipe, counted per form rather than per file.)
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._desk_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._desk_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        forms: list[int] = [p.get("_desk_form", 0) for p in self._desk_pages]
        totals: dict[int, int] = {}
        for f in forms:
            totals[f] = totals.get(f, 0) + 1
        seen: dict[int, int] = {}
        for state, f in zip(self._desk_pages, forms, strict=True):
            self.__dict__.update(state)
            seen[f] = seen.get(f, 0) + 1
            marks: PageMarks | None = state.get("_desk_marks")
            if marks is not None:
                starts_part = state.get("_desk_part_page") == state.get("_pageNumber")
                _decorate(self, marks, seen[f], totals[f], continued=not starts_part)
            Canvas.showPage(self)
        Canvas.save(self)


def _decorate(
    canv: Canvas, marks: PageMarks, page: int, pages: int, *, continued: bool = True
) -> None:
    canv.saveState()
    canv.setStrokeColor(RULE)
    canv.setFillColor(colors.black)
    if page > 1 and continued:
        top = PAGE_H - 12 * mm
        draw_text(canv, PAGE_W / 2, top - 2 * mm, f"{marks.title}（续页）", 13, "center")
        draw_text(canv, MARGIN_X, top - 9 * mm, marks.facts, 9.5)
        canv.setLineWidth(0.8)
        canv.line(MARGIN_X, top - 11 * mm, PAGE_W - MARGIN_X, top - 11 * mm)
    y = 10 * mm
    canv.setLineWidth(0.4)
    canv.line(MARGIN_X, y + 4 * mm, PAGE_W - MARGIN_X, y + 4 * mm)
    draw_text(canv, MARGIN_X, y, marks.footer_left, 8.5)
    if marks.numbered:
        draw_text(canv, PAGE_W / 2, y, f"第 {page} 页  共 {pages} 页", 8.5, "center")
    draw_text(canv, PAGE_W - MARGIN_X, y, marks.footer_right, 8.5, "right")
    canv.restoreState()


class FormDocument(BaseDocTemplate):
    """An A4 portrait document whose forms each begin on a ``first`` page (title in the flow)
    and continue on ``later`` pages (header drawn by :class:`FormCanvas`)."""

    def __init__(self, stream: BinaryIO, *, title: str, author: str, subject: str) -> None:
        super().__init__(
            stream,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP_FIRST,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author=author,
            subject=subject,
            creator="desk-app",
            producer="desk-app (reportlab)",
            # Start every page in our font: otherwise each page names Helvetica, which is not
            # embedded and has no business in an archive copy.
            initialFontName=fonts.font_name(),
        )
        first = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            CONTENT_W,
            PAGE_H - MARGIN_TOP_FIRST - MARGIN_BOTTOM,
            id="first",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        later = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            CONTENT_W,
            PAGE_H - MARGIN_TOP_LATER - MARGIN_BOTTOM,
            id="later",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate(id="first", frames=[first], autoNextPageTemplate="later"),
                PageTemplate(id="later", frames=[later]),
            ]
        )


def build_pdf(
    out: OutTarget, story: Sequence[Flowable], *, title: str, author: str, subject: str
) -> int:
    """Lay out ``story`` and write the PDF to ``out``; returns the number of pages.

    A path is written atomically (a temporary file beside it, then renamed), so a failure or a
    cancelled batch never leaves half a PDF where the clerk will look for it. A stream receives
    the bytes only once the whole document is built.
    """
    buf = io.BytesIO()
    doc = FormDocument(buf, title=title, author=author, subject=subject)
    doc.build(list(story), canvasmaker=FormCanvas)
    pages = doc.page
    data = buf.getvalue()
    if isinstance(out, (str, os.PathLike)):
        _write_file(Path(out), data)
    else:
        out.write(data)
    return pages


def _write_file(path: Path, data: bytes) -> None:
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".pdf.part", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise PrintOutputError(
            msg(
                "无法保存文件 {path}：{why}。如果该文件正在 PDF 阅读器中打开，请先关闭再试。",
                "Cannot save {path}: {why}. If the file is open in a PDF viewer, close it and"
                " try again.",
                path=str(path),
                why=exc.strerror or str(exc),
            )
        ) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
