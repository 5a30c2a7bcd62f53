"""The archive: the approval form printed with its scanned papers as an annex (PDF text and page
count read back), and a month's paid claims written one PDF per claim number with every paper."""

from __future__ import annotations

import io
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from base.errors import ValidationError
from base.progress import Cancelled
from db.models import AuditEntry
from desk_app import documents, papers_archive
from desk_app.claims import papers, service
from tests.conftest import PASSWORDS, run_cli
from tests.integration.claims_support import act, inpatient, mark_paid, receipt, world
from tests.integration.test_claim_papers import claim_input, papered, picture

__all__ = ["papered", "world"]


def a_pdf() -> bytes:
    out = io.BytesIO()
    c = Canvas(out)
    c.drawString(72, 720, "discharge record")
    c.showPage()
    c.save()
    return out.getvalue()


def approved_with_papers(world, wang, enrollment) -> str:
    draft = act(world.db, service.save_draft, world.clerk, claim_input(wang, enrollment))
    act(world.db, papers.attach, world.clerk, draft.id, "invoice", picture(colour=30))
    act(world.db, papers.attach, world.clerk, draft.id, "discharge_record", picture(colour=90))
    act(
        world.db,
        papers.attach,
        world.clerk,
        draft.id,
        "discharge_record",
        a_pdf(),
        source_name="出院小结.pdf",
    )
    act(world.db, service.submit, world.clerk, draft.id)
    act(world.db, service.approve, world.reviewer, draft.id)
    return draft.claim_no


def pages_text(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def test_the_approval_form_prints_with_its_papers_as_an_annex(papered):
    world, wang, enrollment = papered
    number = approved_with_papers(world, wang, enrollment)
    plain = documents.approval_form(world.db, world.reviewer, number)
    full = documents.approval_form(world.db, world.reviewer, number, with_papers=True)
    plain_pages, full_pages = pages_text(plain.data), pages_text(full.data)
    assert len(full_pages) == len(plain_pages) + 3
    annex = full_pages[len(plain_pages) :]
    # Checklist order: 出院记录 (the picture, then the PDF), then 住院收费票据.
    assert "附件 1/3：出院记录" in annex[0]
    assert "附件 2/3：出院记录" in annex[1] and "出院小结.pdf" in annex[1]
    assert "附件 3/3：住院收费票据" in annex[2]
    assert all(number in page or "审批编号" in page for page in full_pages)
    reader = PdfReader(io.BytesIO(full.data))
    assert reader.pages[len(plain_pages)].images  # the scan is drawn on its page


def test_a_months_archive_holds_every_paid_claim_with_its_papers(papered, tmp_path: Path):
    world, wang, enrollment = papered
    number = approved_with_papers(world, wang, enrollment)
    with world.db.reader() as uow:
        claim_id = service.get_claim(uow, number).id
    mark_paid(world.db, world.reviewer, claim_id, tmp_path)  # paid on the desk's day, 2015-09-01
    folder = tmp_path / "档案" / "2015-09"
    result = run_cli(
        "--data-dir",
        str(world.db.path.parent),
        "archive",
        "--month",
        "2015-09",
        "--out",
        str(folder),
        "--user",
        "reviewer",
        input=PASSWORDS["reviewer"] + "\n",
    )
    assert result.code == 0, result.err
    assert sorted(p.name for p in folder.iterdir()) == [f"{number}.pdf"]
    text = "\n".join(pages_text((folder / f"{number}.pdf").read_bytes()))
    assert "附件 3/3：住院收费票据" in text
    with world.db.reader() as uow:
        actions = list(uow.session.execute(select(AuditEntry.action)).scalars())
    assert "print.archive" in actions
    with pytest.raises(ValidationError):
        papers_archive.month_archive(world.db, world.reviewer, "2015-10", tmp_path / "x")
    with pytest.raises(ValidationError):
        papers_archive.month_archive(world.db, world.reviewer, "15/9", tmp_path / "x")


def test_a_cancelled_archive_leaves_no_file_and_no_audit_entry(papered, tmp_path: Path):
    world, wang, enrollment = papered
    numbers = [approved_with_papers(world, wang, enrollment)]
    second = inpatient(
        wang,
        enrollment,
        date(2015, 8, 1),
        date(2015, 8, 5),
        receipt("INV-P2", deductible="500", copay="300", fund_paid="600"),
    )
    draft = act(
        world.db,
        service.save_draft,
        world.clerk,
        replace(second, papers=("discharge_record", "invoice")),
    )
    act(world.db, service.submit, world.clerk, draft.id)
    act(world.db, service.approve, world.reviewer, draft.id)
    numbers.append(draft.claim_no)
    for i, number in enumerate(numbers):
        with world.db.reader() as uow:
            claim_id = service.get_claim(uow, number).id
        mark_paid(world.db, world.reviewer, claim_id, tmp_path / str(i))
    folder = tmp_path / "档案"
    cancel = threading.Event()
    written: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        written.append(message)
        cancel.set()  # the reviewer presses Cancel after the first file

    with pytest.raises(Cancelled):
        papers_archive.month_archive(
            world.db, world.reviewer, "2015-09", folder, progress=progress, cancel=cancel
        )
    assert written == ["已写出 1/2 件"]
    assert list(folder.iterdir()) == []  # the first file was removed again
    with world.db.reader() as uow:
        actions = list(uow.session.execute(select(AuditEntry.action)).scalars())
    assert "print.archive" not in actions

    done = papers_archive.month_archive(world.db, world.reviewer, "2015-09", folder)
    assert sorted(done.files) == sorted(f"{n}.pdf" for n in numbers)
    assert sorted(p.name for p in folder.iterdir()) == sorted(done.files)
