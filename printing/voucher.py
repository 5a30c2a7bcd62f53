"""The enrollment payment voucher 职工医疗互助保障参保缴费凭证 for one enrollment batch.

One A4 sheet carries two identical copies separated by a cut line: the upper one for the unit
that paid (缴费单位收执), the lower one for the service center's files (服务中心存根), as on a
paper receipt book. The member list, when asked for, follows as an annex with its own page
numbers and the header repeated on every page.

Thread: any worker thread; no database.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from printing.common import (
    CONTENT_W,
    LIGHT,
    MARGIN_BOTTOM,
    MARGIN_TOP_FIRST,
    PAGE_H,
    FormStart,
    OutTarget,
    P,
    PageMarks,
    Styles,
    amount_in_capitals,
    build_pdf,
    cn_date,
    fit,
    gender_text,
    id_text,
    money,
    styles,
    table_style,
)
from printing.data import VoucherData

VOUCHER_TITLE = "职工医疗互助保障参保缴费凭证"
ANNEX_TITLE = "参保人员名单"
COPIES = ("第一联　缴费单位收执", "第二联　服务中心存根")
CUT_GAP = 12 * mm


def _grid(extra: list[tuple] | None = None) -> TableStyle:
    return table_style(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BOX", (0, 0), (-1, -1), 1.1, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            *(extra or []),
        ]
    )


def _copy(d: VoucherData, s: Styles, label: str) -> list[Flowable]:
    w = [27 * mm, 58 * mm, 27 * mm, CONTENT_W - 112 * mm]
    unit = d.unit_name + (f"（{d.unit_code}）" if d.unit_code else "")
    rows = [
        [P("缴费单位", s.label), P(unit, s.value), "", ""],
        [P("保障方案", s.label), P(f"{d.scheme_name}（{d.scheme_code}）", s.value), "", ""],
        [
            P("保障期", s.label),
            P(f"{cn_date(d.period_start)} 至 {cn_date(d.period_end)}", s.value),
            "",
            "",
        ],
        [
            P("参保人数", s.label),
            P(f"{d.head_count} 人", s.value),
            P("参保份数", s.label),
            P(f"{d.shares} 份", s.value),
        ],
        [
            P("每份金额", s.label),
            P(f"¥{money(d.premium_per_share)} 元", s.value),
            P("缴费票据号", s.label),
            fit(d.receipt_no or "", s.value, w[3] - 6),
        ],
        [
            P("缴费金额\n（小写）", s.label),
            fit(f"¥{money(d.premium_total)}", s.big, w[1] - 6),
            P("大　　写", s.label),
            P(f"人民币{amount_in_capitals(d.premium_total)}", s.big),
        ],
        [
            P("缴费日期", s.label),
            P(cn_date(d.paid_on), s.value),
            P("经办人", s.label),
            P(d.clerk, s.value),
        ],
    ]
    table = Table(
        rows,
        colWidths=w,
        style=_grid([("SPAN", (1, 0), (3, 0)), ("SPAN", (1, 1), (3, 1)), ("SPAN", (1, 2), (3, 2))]),
    )
    half = CONTENT_W / 2
    top = Table(
        [[P(f"批次号：{d.batch_no}", s.value), P(label, s.value_r)]],
        colWidths=[half, half],
        style=table_style(
            [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
        ),
    )
    sign = Table(
        [
            [
                P("缴费单位经办人（签名）：", s.value),
                P(f"收款单位：{d.county_union}（盖章）", s.value_r),
            ]
        ],
        colWidths=[half, half],
        style=table_style(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 7 * mm),
            ]
        ),
    )
    return [
        P(d.county_union, s.subtitle),
        Spacer(1, 2 * mm),
        P(VOUCHER_TITLE, s.title),
        Spacer(1, 3 * mm),
        top,
        Spacer(1, 1.5 * mm),
        table,
        sign,
    ]


class _Block(Flowable):
    """Content pinned to the top of a box of fixed height, so each copy fills exactly its half
    of the sheet and the cut line falls in the middle of the paper."""

    def __init__(self, width: float, height: float, content: Flowable) -> None:
        super().__init__()
        self.width, self.height, self.content = width, height, content

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        _w, h = self.content.wrapOn(self.canv, self.width, self.height)
        self.content.drawOn(self.canv, 0, self.height - h)


class _CutLine(Flowable):
    """A dashed line across the page with scissors text, between the two copies."""

    def __init__(self, width: float, height: float, font: str) -> None:
        super().__init__()
        self.width, self.height, self.font = width, height, font

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        y = self.height / 2
        c.saveState()
        c.setDash(3, 3)
        c.setLineWidth(0.5)
        c.line(0, y, self.width, y)
        c.setDash()
        text = "（沿此线裁开）"
        c.setFont(self.font, 8)
        tw = c.stringWidth(text, self.font, 8)
        c.setFillColor(colors.white)
        c.rect(self.width / 2 - tw / 2 - 2, y - 5, tw + 4, 10, stroke=0, fill=1)
        c.setFillColor(colors.black)
        c.drawCentredString(self.width / 2, y - 3, text)
        c.restoreState()


def _annex(d: VoucherData, s: Styles) -> list[Flowable]:
    w = [13 * mm, 32 * mm, 14 * mm, 52 * mm, 16 * mm, 30 * mm]
    w.append(CONTENT_W - sum(w))
    heads = ["序号", "姓名", "性别", "身份证号", "份数", "缴费金额（元）", "备注"]
    rows: list[list] = [[P(h, s.label) for h in heads]]
    shares = 0
    total = Decimal("0")
    for i, m in enumerate(d.members, 1):
        shares += m.shares
        total += m.premium
        rows.append(
            [
                P(str(i), s.value_c),
                P(m.name, s.value),
                P(gender_text(m.gender), s.value_c),
                fit(id_text(m.id_number, d.mask_id), s.value, w[3] - 6),
                P(str(m.shares), s.value_c),
                fit(money(m.premium), s.value_r, w[5] - 6),
                "",
            ]
        )
    rows.append(
        [
            P("合计", s.value_c),
            P(f"{len(d.members)} 人", s.value),
            "",
            "",
            P(str(shares), s.value_c),
            fit(money(total), s.value_r, w[5] - 6),
            "",
        ]
    )
    table = Table(
        rows,
        colWidths=w,
        repeatRows=1,
        style=_grid(
            [
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("SPAN", (1, -1), (3, -1)),
                ("LINEABOVE", (0, -1), (-1, -1), 1.0, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        ),
    )
    unit = d.unit_name + (f"（{d.unit_code}）" if d.unit_code else "")
    marks = PageMarks(
        title=f"附件：{ANNEX_TITLE}",
        facts=f"批次号：{d.batch_no}　　缴费单位：{unit}",
        footer_left=d.county_union,
        footer_right=f"批次号 {d.batch_no} 附件",
    )
    return [
        NextPageTemplate("first"),
        PageBreak(),
        FormStart(marks, new_form=False),  # the voucher's pages and the list's, counted as one
        P("附件", s.head),
        P(ANNEX_TITLE, s.title),
        Spacer(1, 3 * mm),
        P(f"批次号：{d.batch_no}　　缴费单位：{unit}", s.value),
        P(f"保障方案：{d.scheme_name}（{d.scheme_code}）", s.value),
        P(f"保障期：{cn_date(d.period_start)} 至 {cn_date(d.period_end)}", s.value),
        Spacer(1, 2 * mm),
        table,
    ]


def voucher_story(d: VoucherData) -> list[Flowable]:
    s = styles()
    marks = PageMarks(
        title=VOUCHER_TITLE,
        facts=f"批次号：{d.batch_no}",
        footer_left=d.county_union,
        footer_right=f"批次号 {d.batch_no}",
    )
    # The cut line sits on the middle of the paper; each copy gets the space on its side.
    upper = PAGE_H / 2 - MARGIN_TOP_FIRST - CUT_GAP / 2
    lower = PAGE_H / 2 - MARGIN_BOTTOM - CUT_GAP / 2 - 1
    story: list[Flowable] = [FormStart(marks)]
    for height, label in zip((upper, lower), COPIES, strict=True):
        # Shrink rather than spill: each copy must stay on its half of the sheet.
        fitted = KeepInFrame(CONTENT_W, height, _copy(d, s, label), mode="shrink")
        story.append(_Block(CONTENT_W, height, fitted))
        if label == COPIES[0]:
            story.append(_CutLine(CONTENT_W, CUT_GAP, s.font))
    if d.members:
        story += _annex(d, s)
    return story


def render_voucher(data: VoucherData, out: OutTarget) -> None:
    """Write a batch's payment voucher (two copies on one sheet, and the member list as an
    annex when ``data.members`` is given) to ``out`` (a path or a binary stream)."""
    build_pdf(
        out,
        voucher_story(data),
        title=f"{VOUCHER_TITLE} {data.batch_no}",
        author=data.county_union,
        subject=VOUCHER_TITLE,
    )
