"""A claim's papers: the checklist from the scheme file, submit held back while a required paper
is neither ticked as seen nor attached, scans stored once by hash and frozen after review, the
reviewer seeing which papers were only ticked, and sending a claim back for a paper."""

from __future__ import annotations

import io
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from base.errors import Conflict, PermissionDenied, ValidationError
from db.models import AttachmentBlob, AuditEntry, ClaimAttachment
from desk_app.claims import papers, service
from desk_app.claims.model import ClaimProblems
from desk_app.schemes.dump import dump_scheme
from desk_app.schemes.model import SchemeError
from desk_app.schemes.parse import parse_scheme
from tests.fixtures_people import SCHEMES_DIR, add_member, add_scheme, make_id
from tests.integration.claims_support import act, enroll, inpatient, receipt, save, view, world

__all__ = ["world"]

PAPERS = """
[[documents]]
code = "discharge_record"
name = "出院记录"
applies_to = ["inpatient"]

[[documents]]
code = "invoice"
name = "住院收费票据"
applies_to = ["inpatient", "outpatient"]
original = true

[[documents]]
code = "bank_card"
name = "银行卡复印件"
required = false
"""


def papered_scheme_text() -> str:
    text = (SCHEMES_DIR / "quzhou-2015.toml").read_text("utf-8")
    text = text.replace('code = "QZ-2015-ZY"', 'code = "QZ-2015-ZY-DOC"')
    text = text.replace('plan = "QZ-ZY"', 'plan = "QZ-ZY-DOC"')
    return text + PAPERS


@pytest.fixture
def papered(world):
    admin, clerk = world.actors["admin"], world.clerk
    scheme = add_scheme(world.db, admin, "quzhou-doc.toml", text=papered_scheme_text())
    wang = add_member(
        world.db, clerk, "王志强", make_id(7), unit_id=world.unit, bank_account="6222000033334444"
    )
    enrollment = enroll(world.db, clerk, wang, scheme, date(2015, 1, 1))
    return world, wang, enrollment


def claim_input(wang: int, enrollment: int, *, papers: tuple[str, ...] | None = ()):
    data = inpatient(
        wang,
        enrollment,
        date(2015, 7, 1),
        date(2015, 7, 11),
        receipt("INV-P1", deductible="500", copay="3000", fund_paid="6500"),
    )
    return replace(data, papers=papers)


def picture(size=(1200, 1700), colour=200) -> bytes:
    img = Image.new("L", size, 255)
    img.paste(colour, (100, 100, size[0] - 100, size[1] - 100))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


# --- the checklist as data -----------------------------------------------------------------


def test_the_checklist_is_read_from_the_scheme_file_and_written_back():
    scheme = parse_scheme(papered_scheme_text())
    assert [d.name for d in scheme.checklist("inpatient")] == [
        "出院记录",
        "住院收费票据",
        "银行卡复印件",
    ]
    assert [d.code for d in scheme.checklist("death")] == ["bank_card"]
    invoice = scheme.checklist("outpatient")[0]
    assert invoice.original and invoice.required
    assert parse_scheme(dump_scheme(scheme)) == scheme


def test_every_scheme_of_the_spec_keeps_no_checklist():
    for path in sorted(SCHEMES_DIR.glob("*.toml")):
        assert parse_scheme(path.read_text("utf-8")).documents == (), path.name


def test_a_wrong_documents_table_is_named_by_its_place():
    bad = (
        papered_scheme_text()
        + """
[[documents]]
code = "invoice"
name = "重复"

[[documents]]
code = "x"
name = "死亡证明"
applies_to = ["funeral"]
colour = "red"
"""
    )
    with pytest.raises(SchemeError) as err:
        parse_scheme(bad)
    text = str(err.value.problems)
    assert "documents[3].code" in text  # the same code twice
    assert "documents[4].applies_to[0]" in text
    assert "documents[4].colour" in text


# --- submitting ----------------------------------------------------------------------------


def test_a_claim_missing_a_required_paper_cannot_be_submitted(papered):
    world, wang, enrollment = papered
    draft = save(world.db, world.clerk, claim_input(wang, enrollment, papers=("invoice",)))
    with pytest.raises(ClaimProblems) as err:
        act(world.db, service.submit, world.clerk, draft.id)
    places = [p.where for p in err.value.problems]
    assert places == ["papers.discharge_record"]
    assert "出院记录" in err.value.problems[0].message.zh
    assert view(world.db, draft.id).status == "draft"


def test_ticked_papers_let_the_claim_through_and_the_reviewer_sees_they_were_only_ticked(papered):
    world, wang, enrollment = papered
    data = claim_input(wang, enrollment, papers=("discharge_record", "invoice"))
    draft = save(world.db, world.clerk, data)
    act(
        world.db, papers.attach, world.clerk, draft.id, "invoice", picture(), source_name="票据.png"
    )
    submitted = act(world.db, service.submit, world.clerk, draft.id)
    assert submitted.status == "submitted"
    states = {p.code: (p.state, p.seen_by) for p in view(world.db, draft.id).papers}
    assert states == {
        "discharge_record": ("seen", "clerk"),
        "invoice": ("attached", "clerk"),
        "bank_card": ("missing", None),
    }


def test_an_attached_scan_is_enough_without_a_tick(papered):
    world, wang, enrollment = papered
    draft = save(world.db, world.clerk, claim_input(wang, enrollment))
    for code in ("discharge_record", "invoice"):
        act(world.db, papers.attach, world.clerk, draft.id, code, picture(colour=50 + len(code)))
    assert act(world.db, service.submit, world.clerk, draft.id).status == "submitted"


def test_a_claim_that_does_not_track_papers_is_not_held_back(papered):
    """An import (or a claim from before checklists) passes no ticks: today's behaviour."""
    world, wang, enrollment = papered
    draft = save(world.db, world.clerk, claim_input(wang, enrollment, papers=None))
    assert view(world.db, draft.id).papers_seen is None
    assert act(world.db, service.submit, world.clerk, draft.id).status == "submitted"


# --- attachments ---------------------------------------------------------------------------


def test_a_scan_is_stored_once_by_its_hash_reduced_to_a4_at_200_dpi(papered):
    world, wang, enrollment = papered
    draft = save(world.db, world.clerk, claim_input(wang, enrollment))
    big = picture(size=(4000, 6000))
    a = act(world.db, papers.attach, world.clerk, draft.id, "invoice", big)
    b = act(world.db, papers.attach, world.clerk, draft.id, "discharge_record", big)
    assert a.sha256 == b.sha256 and a.mime == "image/jpeg"
    with world.db.reader() as uow:
        assert uow.session.execute(select(func.count(AttachmentBlob.sha256))).scalar_one() == 1
        _mime, data = papers.content(uow, world.clerk, a.sha256)
        actions = list(uow.session.execute(select(AuditEntry.action)).scalars())
    page = Image.open(io.BytesIO(data))
    assert page.size[0] <= 1654 and page.size[1] <= 2339  # cropped to the paper, then reduced
    assert len(data) < len(big)
    assert actions.count("claim.attach") == 2
    docs = view(world.db, draft.id)
    assert {p.code: len(p.attachments) for p in docs.papers}["invoice"] == 1


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "空"),
        (b"PK\x03\x04 not a picture", "JPEG"),
        (b"%PDF-1.7\n1 0 obj\n", "不完整"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "损坏"),
        (b"\xff\xd8\xff" + b"\x00" * (21 * 1024 * 1024), "太大"),
    ],
)
def test_a_file_that_is_not_a_page_is_refused_in_the_clerks_words(papered, data, words):
    world, wang, enrollment = papered
    draft = save(world.db, world.clerk, claim_input(wang, enrollment))
    with pytest.raises(ValidationError) as err:
        act(world.db, papers.attach, world.clerk, draft.id, "invoice", data)
    assert words in err.value.message.zh
    with world.db.reader() as uow:
        assert uow.session.execute(select(func.count(ClaimAttachment.id))).scalar_one() == 0


def test_a_picture_bomb_is_refused_before_it_is_decoded(papered):
    world, wang, enrollment = papered
    draft = save(world.db, world.clerk, claim_input(wang, enrollment))
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")  # 100 megapixels in a few kB
    with pytest.raises(ValidationError) as err:
        act(world.db, papers.attach, world.clerk, draft.id, "invoice", out.getvalue())
    assert "图片过大" in err.value.message.zh


def test_papers_cannot_change_once_the_claim_is_approved(papered, data_dir: Path):
    world, wang, enrollment = papered
    data = claim_input(wang, enrollment, papers=("discharge_record",))
    draft = save(world.db, world.clerk, data)
    scan = act(world.db, papers.attach, world.clerk, draft.id, "invoice", picture())
    act(world.db, service.submit, world.clerk, draft.id)
    act(world.db, service.approve, world.reviewer, draft.id)
    with pytest.raises(Conflict):
        act(world.db, papers.attach, world.clerk, draft.id, "invoice", picture(colour=10))
    with pytest.raises(Conflict):
        act(world.db, papers.remove, world.clerk, scan.id)
    con = sqlite3.connect(data_dir / "desk.sqlite3")
    for sql in (
        "UPDATE claim_attachments SET item_code = 'bank_card'",
        "DELETE FROM claim_attachments",
        "UPDATE attachment_blobs SET content = x'00'",
        "DELETE FROM attachment_blobs",
    ):
        with pytest.raises(sqlite3.DatabaseError):
            con.execute(sql)
    con.close()


def test_a_wrong_scan_taken_back_before_review_is_kept_marked_removed(papered):
    world, wang, enrollment = papered
    draft = save(world.db, world.clerk, claim_input(wang, enrollment))
    scan = act(world.db, papers.attach, world.clerk, draft.id, "invoice", picture())
    act(world.db, papers.remove, world.clerk, scan.id)
    assert {p.code: p.state for p in view(world.db, draft.id).papers}["invoice"] == "missing"
    with world.db.reader() as uow:
        row = uow.session.get(ClaimAttachment, scan.id)
        assert row is not None and row.removed_by == "clerk"


# --- sending back ----------------------------------------------------------------------------


def test_the_reviewer_sends_a_claim_back_for_a_paper(papered):
    world, wang, enrollment = papered
    draft = save(
        world.db, world.clerk, claim_input(wang, enrollment, papers=("discharge_record", "invoice"))
    )
    act(world.db, service.submit, world.clerk, draft.id)
    with pytest.raises(PermissionDenied):
        act(world.db, papers.send_back, world.clerk, draft.id, "出院记录看不清")
    with pytest.raises(ValidationError):
        act(world.db, papers.send_back, world.reviewer, draft.id, "  ")
    back = act(world.db, papers.send_back, world.reviewer, draft.id, "出院记录看不清，请补原件")
    assert back.status == "draft" and back.calc is None
    assert "退回补件" in (back.note or "") and "出院记录看不清" in (back.note or "")
