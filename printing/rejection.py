"""The rejection notice 职工医疗互助保障金不予给付通知书: a letter to the member saying which
claim was not paid, why (in words, not the engine's code), and where to ask or appeal.

Thread: any worker thread; no database.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from printing.common import (
    CONTENT_W,
    FormStart,
    OutTarget,
    P,
    PageMarks,
    Styles,
    build_pdf,
    cn_date,
    fit,
    id_text,
    styles,
    table_style,
)
from printing.data import CLAIM_KINDS, RejectionData

NOTICE_TITLE = "职工医疗互助保障金不予给付通知书"

#: The engine's reason codes in the words a member understands. ``{when}`` is the claim's date
#: phrase ("本次住院（2015年8月1日）"), ``{scheme}`` the scheme's name, ``{period}`` its period.
REASONS: dict[str, str] = {
    "invalid_receipt": (
        "申请材料不符合要求：未提供有效的医疗费用票据（结算单），或票据金额有误"
        "（医疗费总额与各分项金额之和不符），或入院、出院、就诊日期缺失或有误。"
    ),
    "outside_period": "{when}不在{scheme}的保障期{period}内。",
    "not_enrolled": "{when}您尚未参加{scheme}（参保登记日期晚于该日期）。",
    "waiting_period": (
        "您为首次参加{scheme}，{when}尚在规定的观察期内，观察期内发生的医疗费用不予给付。"
    ),
    "cap_reached": "您在{scheme}本保障期内的互助保障金已累计达到年度给付限额。",
    "not_covered": "本次申请的类别或所患疾病不属于{scheme}的给付范围。",
}

_WHEN = {"inpatient": "本次住院", "outpatient": "本次门诊就诊", "death": "身故事件发生时"}
_DATE_LABEL = {"inpatient": "入院日期", "outpatient": "就诊日期", "death": "身故日期"}


def reason_text(d: RejectionData) -> str:
    """The reason as printed: the code's sentence, then the reviewer's words if any."""
    parts: list[str] = []
    if d.reason_code is not None:
        when = _WHEN[d.kind]
        if d.covered_date is not None:
            when += f"（{cn_date(d.covered_date)}）"
        period = (
            f"（{cn_date(d.period_start)}至{cn_date(d.period_end)}）"
            if d.period_start and d.period_end
            else ""
        )
        parts.append(REASONS[d.reason_code].format(when=when, scheme=d.scheme_name, period=period))
    note = (d.reason_text or "").strip()
    if note:
        parts.append(f"审核意见：{note}" if parts else note)
    return "\n".join(parts)


def _grid() -> TableStyle:
    return table_style(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
            ("BOX", (0, 0), (-1, -1), 1.1, "black"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]
    )


def _facts(d: RejectionData, s: Styles) -> Table:
    w = [26 * mm, 50 * mm, 24 * mm, CONTENT_W - 100 * mm]
    m = d.member
    rows: list[list] = [
        [
            P("姓　　名", s.label),
            P(m.name, s.value),
            P("身份证号", s.label),
            fit(id_text(m.id_number, d.mask_id), s.value, w[3] - 8),
        ],
        [
            P("申请编号", s.label),
            fit(d.claim_no, s.value, w[1] - 8),
            P("申请类别", s.label),
            P(CLAIM_KINDS[d.kind], s.value),
        ],
        [P("保障方案", s.label), P(f"{d.scheme_name}（{d.scheme_code}）", s.value), "", ""],
        [
            P(_DATE_LABEL[d.kind], s.label),
            P(cn_date(d.covered_date), s.value),
            P("申请日期", s.label),
            P(cn_date(d.applied_on), s.value),
        ],
    ]
    spans = [("SPAN", (1, 2), (3, 2))]
    if d.hospital:
        rows.append([P("就诊医院", s.label), P(d.hospital, s.value), "", ""])
        spans.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
    if d.diagnosis_name:
        rows.append([P("疾病诊断", s.label), P(d.diagnosis_name, s.value), "", ""])
        spans.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
    rows.append([P("不予给付\n理　　由", s.label), P(reason_text(d), s.big), "", ""])
    last = len(rows) - 1
    spans.append(("SPAN", (1, last), (3, last)))
    style = _grid()
    for cmd in spans:
        style.add(*cmd)
    style.add("TOPPADDING", (0, last), (-1, last), 9)
    style.add("BOTTOMPADDING", (0, last), (-1, last), 10)
    return Table(rows, colWidths=w, style=style)


def rejection_story(d: RejectionData) -> list[Flowable]:
    s = styles()
    center = d.service_center or f"{d.county_union}职工服务中心"
    number = d.notice_no or d.claim_no
    applied = f"于{cn_date(d.applied_on)}" if d.applied_on else ""
    # Only what is set: no "咨询电话：。" when the center has no phone in the settings.
    contact = f"咨询电话：{d.phone}。" if (d.phone or "").strip() else ""
    if (d.address or "").strip():
        contact += f"地址：{d.address}。"
    marks = PageMarks(
        title=NOTICE_TITLE,
        facts=f"编号：{number}　　姓名：{d.member.name}",
        footer_left=d.county_union,
        footer_right=f"编号 {number}",
    )
    sign = Table(
        [
            [Spacer(1, 30 * mm)],
            [P(f"{d.county_union}（盖章）", s.value_r)],
            [P(cn_date(d.notice_date), s.value_r)],
        ],
        colWidths=[CONTENT_W],
        style=table_style(
            [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6 * mm)]
        ),
    )
    return [
        FormStart(marks),
        P(d.county_union, s.subtitle),
        Spacer(1, 3 * mm),
        P(NOTICE_TITLE, s.title),
        Spacer(1, 2 * mm),
        P(f"编号：{number}", s.value_r),
        Spacer(1, 5 * mm),
        P(f"{d.member.name}同志：", s.head),
        Spacer(1, 2 * mm),
        P(
            f"您{applied}提交的职工医疗互助保障金给付申请（申请编号：{d.claim_no}），"
            f"经审核，不符合{d.scheme_name}的给付条件，决定不予给付。具体情况如下：",
            s.body,
        ),
        Spacer(1, 4 * mm),
        _facts(d, s),
        Spacer(1, 5 * mm),
        P(
            f"如对本决定有异议，或能补充相关材料，请携带本通知书及相关材料到{center}"
            f"咨询或申请复核。{contact}",
            s.body,
        ),
        P("特此通知。", s.body),
        KeepTogether([sign]),
        Spacer(1, 8 * mm),
        P("本通知书一式两份，一份交申请人，一份存档。", s.small),
    ]


def render_rejection(data: RejectionData, out: OutTarget) -> None:
    """Write a rejection notice to ``out`` (a path or a binary stream)."""
    number = data.notice_no or data.claim_no
    build_pdf(
        out,
        rejection_story(data),
        title=f"{NOTICE_TITLE} {number}",
        author=data.county_union,
        subject=NOTICE_TITLE,
    )
