"""The printed documents, as real PDFs: text read back with pypdf, pages drawn with pdftoppm."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from base.progress import Cancelled
from printing import (
    REASONS,
    ApprovalData,
    Benefit,
    Member,
    PrintOutputError,
    Receipt,
    RejectionData,
    Signatory,
    VoucherData,
    VoucherMember,
    amount_in_capitals,
    render_approval,
    render_approvals,
    render_rejection,
    render_voucher,
)
from printing.data import REASON_CODES

D = Decimal
FULL_ID = "330203196505121234"
MASKED_ID = "330203********1234"

EXPLANATION = (
    "起付标准自付 800.00 + 按比例自付 1,487.99 = 2,287.99",
    "自付 2,287.99 × 80% = 1,830.39，取整 1,830.00",
    "住院津贴：住院 10 天 × 25.00 = 250.00",
    "合计 1,830.00 + 250.00 = 2,080.00",
)


def approval(**changes: object) -> ApprovalData:
    data = ApprovalData(
        county_union="示范县总工会",
        approval_no="SP20150820-0007",
        claim_no="LP2015-000123",
        member=Member("张建国", FULL_ID, "M", "示范县第一机械厂", "13905761234"),
        scheme_name="绍兴市职工住院医疗互助保障（2015年度）",
        scheme_code="SX-2015-ZY",
        shares=1,
        period_start=date(2015, 1, 1),
        period_end=date(2015, 12, 31),
        kind="inpatient",
        payout=D("2080.00"),
        hospital="绍兴市人民医院",
        admission=date(2015, 8, 1),
        discharge=date(2015, 8, 11),
        diagnosis_code="K35.8",
        diagnosis_name="急性阑尾炎",
        receipts=(
            Receipt(
                "330600150801234", D("13000.00"), D("10712.01"), D("0"), D("800.00"), D("1487.99")
            ),
        ),
        explanation=EXPLANATION,
        benefits=(Benefit("住院自付部分二次报销", D("1830.00")), Benefit("住院津贴", D("250.00"))),
        clerk=Signatory("王芳", date(2015, 8, 18)),
        reviewer=Signatory("李明", date(2015, 8, 20)),
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def pdf_text(source: Path | bytes) -> str:
    reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """Text without any spacing: wrapped lines and table cells come back split by newlines."""
    return "".join(text.split()).replace("\u00a0", "")


def render_png(pdf: Path, out_dir: Path, page: int = 1) -> Path:
    prefix = out_dir / f"{pdf.stem}-p{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "40",
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return prefix.with_suffix(".png")


def ink(png: Path) -> float:
    """The share of the page that is not white."""
    img = Image.open(png).convert("L")
    hist = img.histogram()
    dark = sum(hist[:200])
    return dark / (img.width * img.height)


# --- the approval form ------------------------------------------------------------------------


def test_approval_form_shows_the_claim_and_the_masked_id(tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    render_approval(approval(), out)
    text = flat(pdf_text(out))
    for expected in (
        "示范县总工会",
        "职工医疗互助保障金给付审批表",
        "SP20150820-0007",
        "LP2015-000123",
        "张建国",
        MASKED_ID,
        "示范县第一机械厂",
        "13905761234",
        "SX-2015-ZY",
        "绍兴市人民医院",
        "K35.8",
        "急性阑尾炎",
        "10天",
        "330600150801234",
        "13,000.00",
        "1,487.99",
        "王芳",
        "李明",
    ):
        assert expected in text, expected
    assert FULL_ID not in text


def test_full_id_is_printed_when_masking_is_off(tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    render_approval(approval(mask_id=False), out)
    text = flat(pdf_text(out))
    assert FULL_ID in text
    assert MASKED_ID not in text


def test_the_member_is_not_in_the_pdf_properties(tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    render_approval(approval(mask_id=False), out)
    meta = PdfReader(out).metadata
    assert meta is not None
    assert "SP20150820-0007" in (meta.title or "")
    assert all("张建国" not in str(v) and FULL_ID not in str(v) for v in meta.values())


def test_every_explanation_line_and_the_payout_are_printed(tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    render_approval(approval(), out)
    text = flat(pdf_text(out))
    for line in EXPLANATION:
        assert flat(line) in text, line
    assert "¥2,080.00" in text
    assert "人民币贰仟零捌拾元整" in text
    assert "住院自付部分二次报销1,830.00元" in text


@pytest.mark.parametrize(
    ("payout", "figures", "capitals"),
    [
        ("0.50", "¥0.50", "伍角整"),
        ("1000.05", "¥1,000.05", "壹仟元零伍分"),
        ("200653.00", "¥200,653.00", "贰拾万零陆佰伍拾叁元整"),
    ],
)
def test_payout_in_figures_and_capitals(
    tmp_path: Path, payout: str, figures: str, capitals: str
) -> None:
    out = tmp_path / "form.pdf"
    render_approval(approval(payout=D(payout)), out)
    text = flat(pdf_text(out))
    assert figures in text
    assert f"人民币{capitals}" in text


def test_receipts_have_a_sum_row(tmp_path: Path) -> None:
    receipts = (
        Receipt("A-1", D("100.00"), D("60.00"), copay=D("40.00")),
        Receipt("A-2", D("250.50"), D("200.00"), self_funded=D("50.50"), hospital="另一家医院"),
        Receipt("A-3", D("49.50"), D("0"), class_b=D("49.50")),
    )
    out = tmp_path / "form.pdf"
    render_approval(approval(receipts=receipts), out)
    text = pdf_text(out)
    assert "合计（3 张）" in text or "合计（3张）" in flat(text)
    assert "400.00" in text  # 100 + 250.50 + 49.50
    assert "另一家医院" in text


def test_a_typical_claim_fits_on_one_page(tmp_path: Path) -> None:
    """One receipt and eight steps, some wrapping: the clerk signs one sheet."""
    lines = EXPLANATION * 2
    lines = (
        *lines[:-1],
        "按比例自付部分累计 4,000.00 元，其中 5,000 元以下部分 × 50%，"
        "5,000—10,000 元部分 × 60%，10,000 元以上部分 × 70%；本次可报销基数 1,284.45 元",
    )
    out = tmp_path / "form.pdf"
    render_approval(approval(explanation=lines, bank_account="6222 0212 3456 7890 123"), out)
    assert len(PdfReader(out).pages) == 1


def test_a_long_explanation_continues_on_a_second_page_with_the_header(tmp_path: Path) -> None:
    lines = tuple(
        f"第{i}步：按比例自付部分累计 {i * 1000}.00 元，其中 5000 元以下部分 × 50%，"
        f"5000—10000 元部分 × 60%，10000 元以上部分 × 70%；本次可报销基数 {i * 321}.45 元"
        for i in range(1, 41)
    )
    out = tmp_path / "form.pdf"
    render_approval(approval(explanation=lines), out)
    reader = PdfReader(out)
    assert len(reader.pages) >= 2
    second = flat(reader.pages[1].extract_text())
    assert "给付审批表（续页）" in second
    assert "SP20150820-0007" in second and "张建国" in second
    assert f"第2页共{len(reader.pages)}页" in second
    text = flat(pdf_text(out))
    for line in lines:
        assert flat(line) in text, line
    # The signatures close the form, on its last page, with the amount.
    last = flat(reader.pages[-1].extract_text())
    assert "经办人" in last and "人民币贰仟零捌拾元整" in last


def test_text_that_looks_like_markup_is_printed_as_written(tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    data = approval(diagnosis_name="肿瘤 <术后> & 化疗", explanation=("base < 500 & x > 1",))
    render_approval(data, out)
    text = pdf_text(out)
    assert "<术后> & 化疗" in text
    assert "base < 500 & x > 1" in text


def test_outpatient_and_death_claims_print_their_own_date(tmp_path: Path) -> None:
    out = tmp_path / "o.pdf"
    render_approval(
        approval(kind="outpatient", admission=None, discharge=None, visit_date=date(2015, 3, 9)),
        out,
    )
    text = flat(pdf_text(out))
    assert "就诊日期2015年3月9日" in text and "住院天数" not in text
    render_approval(
        approval(
            kind="death", admission=None, discharge=None, receipts=(), event_date=date(2015, 4, 2)
        ),
        out,
    )
    text = flat(pdf_text(out))
    assert "身故日期2015年4月2日" in text
    assert "本次申请无医疗费用票据" in text


def test_approval_form_draws_on_an_a4_page(tmp_path: Path) -> None:
    out = tmp_path / "form.pdf"
    render_approval(approval(), out)
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    png = render_png(out, tmp_path)
    img = Image.open(png)
    assert abs(img.height / img.width - 297 / 210) < 0.01
    assert 0.02 < ink(png) < 0.5


def test_money_must_be_decimal() -> None:
    with pytest.raises(TypeError):
        approval(payout=2080.0)
    with pytest.raises(TypeError):
        Receipt("X", 100.0)  # type: ignore[arg-type]


def test_unknown_claim_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        approval(kind="dental")


# --- amounts in capitals ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "capitals"),
    [
        ("1830.00", "壹仟捌佰叁拾元整"),
        ("0.50", "伍角整"),
        ("1000.05", "壹仟元零伍分"),
        ("200653.00", "贰拾万零陆佰伍拾叁元整"),
        ("0.00", "零元整"),
        ("1.10", "壹元壹角整"),
        ("10.00", "壹拾元整"),
        ("101.01", "壹佰零壹元零壹分"),
        ("1830.005", "壹仟捌佰叁拾元零壹分"),  # rounded half up first, never truncated
    ],
)
def test_amount_in_capitals(amount: str, capitals: str) -> None:
    assert amount_in_capitals(D(amount)) == capitals


def test_amount_in_capitals_refuses_floats_and_negatives() -> None:
    with pytest.raises(TypeError):
        amount_in_capitals(1830.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        amount_in_capitals(D("-1.00"))


# --- output -------------------------------------------------------------------------------------


def test_a_document_can_be_written_to_a_stream() -> None:
    buf = io.BytesIO()
    render_approval(approval(), buf)
    assert buf.getvalue().startswith(b"%PDF")
    assert "张建国" in pdf_text(buf.getvalue())


def test_an_unwritable_path_gives_a_clear_message_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "form.pdf"
    with pytest.raises(PrintOutputError) as err:
        render_approval(approval(), target)
    assert "无法保存文件" in err.value.text("zh")
    assert not target.parent.exists()


def test_writing_over_an_existing_file_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "form.pdf"
    target.write_bytes(b"old")
    render_approval(approval(), target)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["form.pdf"]


# --- batches ------------------------------------------------------------------------------------


def batch(n: int) -> list[ApprovalData]:
    return [approval(approval_no=f"SP2015-{i:04d}", claim_no=f"LP2015-{i:05d}") for i in range(n)]


def test_a_batch_is_one_pdf_with_each_form_numbered_on_its_own(tmp_path: Path) -> None:
    out = tmp_path / "day.pdf"
    seen: list[float] = []
    pages = render_approvals(batch(3), out, progress=lambda f, _m: seen.append(f))
    reader = PdfReader(out)
    assert pages == len(reader.pages) == 3
    for i, page in enumerate(reader.pages):
        text = flat(page.extract_text())
        assert f"SP2015-{i:04d}" in text
        assert "第1页共1页" in text
    assert seen == sorted(seen) and seen[-1] == 1.0


def test_cancelling_a_batch_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "day.pdf"
    cancel = threading.Event()

    def progress(fraction: float, _message: str) -> None:
        if fraction > 0.3:
            cancel.set()

    with pytest.raises(Cancelled):
        render_approvals(batch(10), out, progress=progress, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_an_empty_batch_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        render_approvals([], tmp_path / "day.pdf")


@pytest.mark.slow
def test_two_hundred_forms_print_into_one_pdf(tmp_path: Path) -> None:
    out = tmp_path / "day.pdf"
    pages = render_approvals(batch(200), out)
    reader = PdfReader(out)
    assert pages == len(reader.pages) >= 200
    assert "SP2015-0199" in reader.pages[-1].extract_text()


# --- the rejection notice -----------------------------------------------------------------------


def rejection(**changes: object) -> RejectionData:
    data = RejectionData(
        county_union="示范县总工会",
        claim_no="LP2015-000456",
        member=Member("陈小明", FULL_ID, "M"),
        scheme_name="金华市职工住院医疗互助保障（第三期）",
        scheme_code="JH-2015-ZY",
        kind="inpatient",
        notice_date=date(2015, 11, 20),
        phone="0579-88881234",
        reason_code="waiting_period",
        applied_on=date(2015, 11, 10),
        covered_date=date(2015, 11, 2),
        hospital="金华市中心医院",
        period_start=date(2015, 10, 1),
        period_end=date(2016, 9, 30),
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def test_rejection_notice_is_addressed_and_says_how_to_appeal(tmp_path: Path) -> None:
    out = tmp_path / "notice.pdf"
    render_rejection(rejection(), out)
    text = flat(pdf_text(out))
    for expected in (
        "职工医疗互助保障金不予给付通知书",
        "陈小明同志",
        "LP2015-000456",
        "金华市职工住院医疗互助保障（第三期）",
        MASKED_ID,
        "观察期",
        "2015年11月20日",
        "示范县总工会（盖章）",
        "咨询电话：0579-88881234",
        "申请复核",
    ):
        assert expected in text, expected
    assert FULL_ID not in text
    assert "waiting_period" not in text


@pytest.mark.parametrize("code", REASON_CODES)
def test_each_engine_reason_is_explained_in_words(tmp_path: Path, code: str) -> None:
    out = tmp_path / f"{code}.pdf"
    render_rejection(rejection(reason_code=code), out)
    text = flat(pdf_text(out))
    pieces = [flat(p) for p in re.split(r"\{\w+\}", REASONS[code]) if len(p) > 1]
    assert pieces and all(p in text for p in pieces), pieces
    assert code not in text


def test_outside_period_names_the_period(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    render_rejection(rejection(reason_code="outside_period"), out)
    assert "保障期（2015年10月1日至2016年9月30日）" in flat(pdf_text(out))


def test_a_reviewers_own_reason_is_printed(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    render_rejection(rejection(reason_code=None, reason_text="出院小结与发票姓名不一致。"), out)
    text = flat(pdf_text(out))
    assert "出院小结与发票姓名不一致。" in text
    render_rejection(rejection(reason_text="材料不全"), out)
    assert "审核意见：材料不全" in flat(pdf_text(out))


def test_a_rejection_needs_a_known_reason() -> None:
    with pytest.raises(ValueError):
        rejection(reason_code="because")
    with pytest.raises(ValueError):
        rejection(reason_code=None, reason_text="  ")


# --- the payment voucher ------------------------------------------------------------------------


def voucher(members: int = 0, **changes: object) -> VoucherData:
    listed = tuple(
        VoucherMember(f"职工{i:02d}", f"3302031970010100{i:02d}", 1, D("60.00"), "F")
        for i in range(members)
    )
    data = VoucherData(
        county_union="示范县总工会",
        unit_name="示范县第一机械厂工会",
        unit_code="U0012",
        scheme_name="绍兴市职工住院医疗互助保障（2015年度）",
        scheme_code="SX-2015-ZY",
        period_start=date(2015, 1, 1),
        period_end=date(2015, 12, 31),
        batch_no="PC2015-0031",
        head_count=members or 45,
        shares=members or 52,
        premium_per_share=D("60.00"),
        premium_total=D("60.00") * (members or 52),
        paid_on=date(2015, 1, 12),
        clerk="王芳",
        receipt_no="ZJ-2015-0001234",
        members=listed,
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def test_voucher_has_two_copies_with_the_batch_and_the_amount(tmp_path: Path) -> None:
    out = tmp_path / "v.pdf"
    render_voucher(voucher(), out)
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = flat(pdf_text(out))
    for expected in (
        "职工医疗互助保障参保缴费凭证",
        "示范县第一机械厂工会（U0012）",
        "PC2015-0031",
        "45人",
        "52份",
        "¥60.00元",
        "¥3,120.00",
        "人民币叁仟壹佰贰拾元整",
        "ZJ-2015-0001234",
        "2015年1月12日",
        "王芳",
        "第一联",
        "第二联",
    ):
        assert expected in text, expected


def test_voucher_annex_lists_the_members_with_masked_ids(tmp_path: Path) -> None:
    out = tmp_path / "v.pdf"
    render_voucher(voucher(members=60), out)
    reader = PdfReader(out)
    assert len(reader.pages) >= 3  # the voucher, then the list over two pages
    annex = flat("\n".join(p.extract_text() for p in reader.pages[1:]))
    assert "参保人员名单" in annex and "（续页）" in annex
    assert all(f"职工{i:02d}" in annex for i in range(60))
    assert "330203********0059" in annex and "330203197001010059" not in annex
    assert "60人" in annex and "3,600.00" in annex


def test_voucher_annex_must_list_the_whole_batch() -> None:
    with pytest.raises(ValueError):
        voucher(members=3, head_count=4)


def test_rejection_and_voucher_draw_ink_on_paper(tmp_path: Path) -> None:
    render_rejection(rejection(), tmp_path / "n.pdf")
    render_voucher(voucher(), tmp_path / "v.pdf")
    for name in ("n", "v"):
        assert 0.01 < ink(render_png(tmp_path / f"{name}.pdf", tmp_path)) < 0.5
