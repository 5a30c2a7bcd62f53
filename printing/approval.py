"""The approval form 职工医疗互助保障金给付审批表: one A4 portrait form per approved claim,
printed, signed by the clerk, the reviewer and the head, stamped, and kept in the paper archive.

Layout, top to bottom: the county union and the form's title with a QR code of the claim number;
the approval and claim numbers; a ruled table of the member, scheme and claim; the receipts with
their seven components and a sum row; the 计算过程 lines; the payout in figures and in capitals
with the benefits; the three signature boxes and the space for the stamp. The explanation and
the receipts may run onto further pages, which repeat the form's header; the payout and the
signatures are kept together so the signed page always shows the amount.

Thread: a worker thread (a batch of 200 forms takes seconds); the functions touch no database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from base.progress import Progress, check, report
from printing.annex import annex_story
from printing.common import (
    CONTENT_W,
    LIGHT,
    FormStart,
    OutTarget,
    P,
    PageMarks,
    Styles,
    amount_in_capitals,
    blank_date,
    build_pdf,
    cn_date,
    fit,
    gender_text,
    id_text,
    money,
    qr_code,
    styles,
    table_style,
)
from printing.data import CLAIM_KINDS, RECEIPT_COLUMNS, ApprovalData, Signatory

FORM_TITLE = "职工医疗互助保障金给付审批表"

#: Receipt column headings broken where a reader expects (the names of SCHEMES.md).
RECEIPT_HEADINGS = {
    "total": "医疗费\n总额",
    "fund_paid": "统筹基金\n支付",
    "other_paid": "大病保险/\n医疗救助等\n支付",
    "deductible": "起付标准\n自付",
    "copay": "按比例\n自付",
    "over_cap": "超封顶线\n自付",
    "class_b": "自付二\n（乙类\n先自付）",
    "self_funded": "自费",
}

PAD_X = 3.0
LINE_CHUNK = 600  # characters of one explanation line per table row (~15 printed lines)
OUTER = 1.1
INNER = 0.5


def _grid(extra: list[tuple] | None = None) -> TableStyle:
    cmds: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), INNER, colors.black),
        ("BOX", (0, 0), (-1, -1), OUTER, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]
    return table_style(cmds + (extra or []))


def _header(d: ApprovalData, s: Styles) -> list[Flowable]:
    qr_size = 21 * mm
    side = 30 * mm
    qr = Table(
        [[qr_code(d.claim_no, qr_size)], [fit(d.claim_no, s.small_c, side)]],
        colWidths=[side],
        style=table_style(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        ),
    )
    title = [P(d.county_union, s.subtitle), Spacer(1, 2 * mm), P(FORM_TITLE, s.title)]
    head = Table(
        [["", title, qr]],
        colWidths=[side, CONTENT_W - 2 * side, side],
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    half = CONTENT_W / 2
    numbers = Table(
        [
            [
                P(f"审批编号：{d.approval_no}", s.value),
                P(f"申请编号：{d.claim_no}", s.value_r),
            ]
        ],
        colWidths=[half, half],
        style=table_style(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        ),
    )
    return [head, Spacer(1, 1.5 * mm), numbers]


def _dates_row(d: ApprovalData, s: Styles, widths: list[float]) -> list:
    def v(i: int, text: str) -> Flowable:
        return fit(text, s.value, widths[i] - 2 * PAD_X)

    if d.kind == "inpatient":
        days = d.days
        return [
            P("入院日期", s.label),
            v(1, cn_date(d.admission)),
            P("出院日期", s.label),
            v(3, cn_date(d.discharge)),
            P("住院天数", s.label),
            v(5, f"{days} 天" if days is not None else ""),
        ]
    if d.kind == "outpatient":
        return [P("就诊日期", s.label), v(1, cn_date(d.visit_date)), "", "", "", ""]
    return [P("身故日期", s.label), v(1, cn_date(d.event_date)), "", "", "", ""]


def _facts(d: ApprovalData, s: Styles) -> Table:
    w = [21 * mm, 37 * mm, 19 * mm, 33 * mm, 20 * mm, 44 * mm]
    assert abs(sum(w) - CONTENT_W) < 0.5

    def v(i: int, text: str) -> Flowable:
        return fit(text, s.value, w[i] - 2 * PAD_X)

    m = d.member
    diagnosis = "　".join(x for x in (d.diagnosis_code, d.diagnosis_name) if x)
    rows = [
        [
            P("姓　名", s.label),
            P(m.name, s.value),
            P("性别", s.label),
            P(gender_text(m.gender), s.value),
            P("身份证号", s.label),
            v(5, id_text(m.id_number, d.mask_id)),
        ],
        [
            P("工作单位", s.label),
            P(m.unit_name, s.value),
            "",
            "",
            P("联系电话", s.label),
            v(5, m.phone or ""),
        ],
        [P("保障方案", s.label), P(f"{d.scheme_name}（{d.scheme_code}）", s.value), "", "", "", ""],
        [
            P("保障期", s.label),
            P(f"{cn_date(d.period_start)} 至 {cn_date(d.period_end)}", s.value),
            "",
            "",
            P("参保份数", s.label),
            P(f"{d.shares} 份", s.value),
        ],
        [
            P("给付类别", s.label),
            P(CLAIM_KINDS[d.kind], s.value),
            P("就诊医院", s.label),
            P(d.hospital, s.value),
            "",
            "",
        ],
        _dates_row(d, s, w),
        [P("疾病诊断", s.label), P(diagnosis, s.value), "", "", "", ""],
    ]
    spans = [
        ("SPAN", (1, 1), (3, 1)),
        ("SPAN", (1, 2), (5, 2)),
        ("SPAN", (1, 3), (3, 3)),
        ("SPAN", (3, 4), (5, 4)),
        ("SPAN", (1, 6), (5, 6)),
    ]
    if d.kind != "inpatient":
        spans.append(("SPAN", (1, 5), (5, 5)))
    if d.bank_account:
        rows.append([P("收款账户", s.label), P(d.bank_account, s.value), "", "", "", ""])
        spans.append(("SPAN", (1, 7), (5, 7)))
    return Table(rows, colWidths=w, style=_grid(spans), rowHeights=None)


def _receipts(d: ApprovalData, s: Styles) -> Table:
    if not d.receipts:  # a death claim: one line says so, no empty column headings
        return Table(
            [[P("医疗票据", s.label), P("本次申请无医疗费用票据", s.value)]],
            colWidths=[21 * mm, CONTENT_W - 21 * mm],
            style=_grid(),
        )
    n_amounts = len(RECEIPT_COLUMNS)
    first = 30 * mm
    each = (CONTENT_W - first) / n_amounts
    w = [first] + [each] * n_amounts
    inner = each - 2 * 2.0
    title = [P("医疗费用票据（金额单位：元）", s.value)] + [""] * n_amounts
    heads = [P("票据号", s.small_c)]
    heads += [P(RECEIPT_HEADINGS[key], s.small_c) for key, _ in RECEIPT_COLUMNS]
    rows: list[list] = [title, heads]
    sums = [Decimal("0")] * n_amounts
    for r in d.receipts:
        number: list[Flowable] = [fit(r.invoice_no, s.small, first - 2 * PAD_X)]
        if r.hospital and r.hospital != d.hospital:
            number.append(P(r.hospital, s.small))
        line: list = [number]
        for i, (key, _) in enumerate(RECEIPT_COLUMNS):
            amount: Decimal = getattr(r, key)
            sums[i] += amount
            line.append(fit(money(amount), s.num, inner))
        rows.append(line)
    total = [P(f"合计（{len(d.receipts)} 张）", s.small_c)]
    total += [fit(money(x), s.num, inner) for x in sums]
    rows.append(total)
    style = _grid(
        [
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 1), LIGHT),
            ("LEFTPADDING", (1, 1), (-1, -1), 2),
            ("RIGHTPADDING", (1, 1), (-1, -1), 2),
            ("TOPPADDING", (0, 1), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
            ("LINEABOVE", (0, -1), (-1, -1), OUTER * 0.8, colors.black),
        ]
    )
    return Table(rows, colWidths=w, style=style, repeatRows=2)


def _explanation(d: ApprovalData, s: Styles) -> Table:
    w = [12 * mm, CONTENT_W - 12 * mm]
    rows: list[list] = [[P("计算过程", s.value), ""]]
    lines = [line for line in d.explanation if line.strip()] or ["（无）"]
    for i, line in enumerate(lines, 1):
        # A row cannot break across pages; an absurdly long line goes in several rows so that
        # none is taller than a page (the number is printed on the first).
        for n, start in enumerate(range(0, len(line), LINE_CHUNK)):
            rows.append(
                [
                    P(str(i) if n == 0 else "", s.value_c),
                    P(line[start : start + LINE_CHUNK], s.value),
                ]
            )
    style = _grid(
        [
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
            ("TOPPADDING", (0, 1), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
        ]
    )
    return Table(rows, colWidths=w, style=style, repeatRows=1)


def _payout(d: ApprovalData, s: Styles) -> Table:
    w = [21 * mm, 46 * mm, 18 * mm, CONTENT_W - 85 * mm]
    benefits = "；".join(f"{b.label} {money(b.amount)} 元" for b in d.benefits)
    rows = [
        [
            P("给付金额\n（小写）", s.label),
            fit(f"¥{money(d.payout)}", s.big, w[1] - 2 * PAD_X),
            P("大　写", s.label),
            P(f"人民币{amount_in_capitals(d.payout)}", s.big),
        ],
        [P("给付明细", s.label), P(benefits, s.value), "", ""],
        [P("备　　注", s.label), P(d.remarks, s.value) if d.remarks else Spacer(1, 5 * mm), "", ""],
    ]
    style = _grid(
        [
            ("SPAN", (1, 1), (3, 1)),
            ("SPAN", (1, 2), (3, 2)),
            ("TOPPADDING", (0, 0), (-1, 0), 4),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
        ]
    )
    return Table(rows, colWidths=w, style=style)


def _signatures(d: ApprovalData, s: Styles) -> Table:
    w = [CONTENT_W / 4] * 4

    def box(sig: Signatory, opinion: str) -> list[Flowable]:
        return [
            P(opinion, s.small),
            Spacer(1, 7 * mm),
            P("签名：", s.value),
            Spacer(1, 2.5 * mm),
            P(f"姓名：{sig.name}", s.value),
            Spacer(1, 1.5 * mm),
            P(f"日期：{cn_date(sig.on, blank_date())}", s.value),
        ]

    stamp = [
        Spacer(1, 13 * mm),
        P(d.county_union, s.value_c),
        P("（盖章）", s.value_c),
        Spacer(1, 1.5 * mm),
        P(blank_date(), s.value_c),
    ]
    rows = [
        [P("经办人", s.label), P("审核人", s.label), P("负责人", s.label), P("单位公章", s.label)],
        [
            box(d.clerk, "经办意见："),
            box(d.reviewer, "审核意见："),
            box(d.head, "审批意见："),
            stamp,
        ],
    ]
    style = _grid(
        [
            ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
            ("VALIGN", (0, 1), (-1, 1), "TOP"),
            ("TOPPADDING", (0, 1), (-1, 1), 2),
            ("BOTTOMPADDING", (0, 1), (-1, 1), 6),
            # A signature is written over the empty top of each box; a line below it to sign on
            # would fight with the printed name, so the space is left open.
        ]
    )
    return Table(rows, colWidths=w, style=style)


def _marks(d: ApprovalData) -> PageMarks:
    return PageMarks(
        title=FORM_TITLE,
        facts=f"审批编号：{d.approval_no}　　申请编号：{d.claim_no}　　姓名：{d.member.name}",
        footer_left=d.county_union,
        footer_right=f"审批编号 {d.approval_no}",
    )


def approval_story(d: ApprovalData, on_start: Callable[[], None] | None = None) -> list[Flowable]:
    """The flowables of one approval form (used by the single and the batch renderers)."""
    s = styles()
    return [
        FormStart(_marks(d), on_start),
        *_header(d, s),
        _facts(d, s),
        _receipts(d, s),
        _explanation(d, s),
        KeepTogether([_payout(d, s), _signatures(d, s)]),
        *annex_story(d.annex),
    ]


def _meta(d: ApprovalData) -> dict[str, str]:
    # Metadata names the form, never the member: PDF properties leak more easily than pages.
    return {
        "title": f"{FORM_TITLE} {d.approval_no}",
        "author": d.county_union,
        "subject": FORM_TITLE,
    }


def render_approval(data: ApprovalData, out: OutTarget) -> None:
    """Write one approval form to ``out`` (a path or a binary stream)."""
    build_pdf(out, approval_story(data), **_meta(data))


def render_approvals(
    datas: Iterable[ApprovalData],
    out: OutTarget,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Write many approval forms into ONE PDF (a day's batch), each starting on a new page and
    numbered on its own; returns the number of pages.

    Reports progress per form and stops at the next form when ``cancel`` is set (raising
    :class:`base.progress.Cancelled`; nothing is written). Thread: a worker thread.
    """
    items = list(datas)
    if not items:
        raise ValueError("no approval forms to print")
    n = len(items)
    story: list[Flowable] = []
    for i, d in enumerate(items):
        check(cancel)
        if i:
            story += [NextPageTemplate("first"), PageBreak()]

        def started(i: int = i) -> None:
            check(cancel)
            report(progress, 0.1 + 0.85 * i / n, f"正在排版第 {i + 1}/{n} 份审批表")

        story += approval_story(d, started)
        if i % 20 == 0:
            report(progress, 0.1 * i / n, f"正在准备第 {i + 1}/{n} 份审批表")
    first = items[0]
    pages = build_pdf(
        out,
        story,
        title=f"{FORM_TITLE}（{n} 份）",
        author=first.county_union,
        subject=FORM_TITLE,
    )
    report(progress, 1.0, f"已生成 {n} 份审批表，共 {pages} 页")
    return pages
