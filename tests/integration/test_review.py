"""Review: approve, reject with a reason, take back; the four-eyes rule; approval refused when
the calculation changed; batch approval through the command line; the review queue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from base.errors import Conflict, PermissionDenied, ValidationError
from db.models import AuditEntry, Calculation
from desk_app.claims import service
from desk_app.claims.model import QUEUE_SORTS, QueueFilter
from tests.conftest import PASSWORDS, run_cli
from tests.integration.claims_support import (
    act,
    enter,
    inpatient,
    mark_paid,
    receipt,
    save,
    view,
    world,
)

__all__ = ["world"]
D = Decimal


def _stay(w, invoice: str, day: int, copay: str, member=None, enrollment=None):
    return inpatient(
        member or w.zhang,
        enrollment or w.zhang_qz,
        date(2015, 7, day),
        date(2015, 7, day + 3),
        receipt(invoice, copay=copay),
    )


def _actions(db, claim_no: str) -> list[tuple[str | None, str, str]]:
    with db.reader() as uow:
        return [
            (e.login, e.action, e.outcome)
            for e in uow.session.execute(
                select(AuditEntry)
                .where(AuditEntry.target == f"claim:{claim_no}")
                .order_by(AuditEntry.id)
            ).scalars()
        ]


def test_approval_gives_a_gap_free_approval_number_and_is_audited(world):
    a = enter(world.db, world.clerk, _stay(world, "A-1", 1, "1500.00"))
    b = enter(world.db, world.clerk, _stay(world, "A-2", 10, "1500.00"))
    ra = act(world.db, service.approve, world.reviewer, a.id)
    rb = act(world.db, service.approve, world.reviewer, b.id)
    assert (ra.status, ra.approval_no, rb.approval_no) == (
        "approved",
        "SP2015-000001",
        "SP2015-000002",
    )
    assert (ra.reviewed_by, ra.calc.payout) == ("reviewer", D("400.00"))
    assert _actions(world.db, a.claim_no)[-1] == ("reviewer", "claim.approve", "ok")


def test_a_clerk_cannot_approve_and_the_refusal_is_audited(world):
    a = enter(world.db, world.actors["clerk2"], _stay(world, "B-1", 1, "900.00"))
    with world.db.uow() as uow, pytest.raises(PermissionDenied):
        service.approve(uow, world.clerk, a.id)
    assert view(world.db, a.id).status == "submitted"
    with world.db.reader() as uow:
        denied = uow.session.execute(
            select(AuditEntry).where(AuditEntry.action == "denied:review")
        ).scalar_one()
        assert denied.login == "clerk" and denied.outcome == "denied"


def test_a_reviewer_cannot_approve_or_reject_a_claim_they_entered(world):
    own = enter(world.db, world.reviewer, _stay(world, "O-1", 1, "900.00"))
    for fn, args in ((service.approve, ()), (service.reject, ("other", "我自己录的"))):
        with world.db.uow() as uow, pytest.raises(PermissionDenied, match="another reviewer"):
            fn(uow, world.reviewer, own.id, *args)
    assert view(world.db, own.id).status == "submitted"


def test_a_reviewer_who_edited_a_clerks_draft_cannot_approve_it(world):
    draft = save(world.db, world.clerk, _stay(world, "E-1", 1, "900.00"))
    save(world.db, world.reviewer, _stay(world, "E-1", 1, "950.00"), claim_id=draft.id)
    from tests.integration.claims_support import submit

    submit(world.db, world.clerk, draft.id)
    with world.db.uow() as uow, pytest.raises(PermissionDenied):
        service.approve(uow, world.reviewer, draft.id)


def test_reject_with_a_reason_code_and_the_reviewers_words(world):
    a = enter(world.db, world.clerk, _stay(world, "R-1", 1, "900.00"))
    r = act(
        world.db, service.reject, world.reviewer, a.id, "incomplete_documents", " 缺  出院小结 "
    )
    assert (r.status, r.reject_code, r.reject_text) == (
        "rejected",
        "incomplete_documents",
        "缺 出院小结",
    )
    assert service.REJECT_REASONS["incomplete_documents"].zh == "材料不全"
    b = enter(world.db, world.clerk, _stay(world, "R-3", 10, "900.00"))
    with world.db.uow() as uow, pytest.raises(ValidationError, match="unknown rejection reason"):
        service.reject(uow, world.reviewer, b.id, "because", "")


def test_the_reason_other_needs_words(world):
    a = enter(world.db, world.clerk, _stay(world, "R-2", 1, "900.00"))
    with world.db.uow() as uow, pytest.raises(ValidationError, match="say why"):
        service.reject(uow, world.reviewer, a.id, "other", "  ")


def test_undo_takes_an_approval_back_keeping_its_number(world):
    a = enter(world.db, world.clerk, _stay(world, "U-1", 1, "900.00"))
    act(world.db, service.approve, world.reviewer, a.id)
    back = act(world.db, service.undo_review, world.reviewer, a.id)
    assert (back.status, back.reviewed_by, back.approval_no) == ("submitted", None, "SP2015-000001")
    again = act(world.db, service.approve, world.reviewer, a.id)
    assert again.approval_no == "SP2015-000001"
    assert [x[1] for x in _actions(world.db, a.claim_no)][-3:] == [
        "claim.approve",
        "claim.undo_review",
        "claim.approve",
    ]


def test_undo_of_a_rejection_puts_the_claim_after_the_members_other_claims(world):
    first = enter(world.db, world.clerk, _stay(world, "V-1", 1, "2000.00"))
    act(world.db, service.reject, world.reviewer, first.id, "incomplete_documents", "")
    second = enter(world.db, world.clerk, _stay(world, "V-2", 10, "1000.00"))
    act(world.db, service.approve, world.reviewer, second.id)  # (1000 − 500) × 40 % = 200
    back = act(world.db, service.undo_review, world.reviewer, first.id)
    # Counted after the second claim, which keeps its 200: the deductible is used up there.
    assert back.status == "submitted" and back.calc.payout == D("800.00")
    assert view(world.db, second.id).calc.payout == D("200.00")


def test_a_paid_claim_cannot_be_taken_back(world, tmp_path):
    a = enter(world.db, world.clerk, _stay(world, "W-1", 1, "900.00"))
    act(world.db, service.approve, world.reviewer, a.id)
    mark_paid(world.db, world.reviewer, a.id, tmp_path)
    with world.db.uow() as uow, pytest.raises(Conflict, match="reversal"):
        service.undo_review(uow, world.reviewer, a.id)


def test_state_changes_only_from_the_right_state(world):
    a = enter(world.db, world.clerk, _stay(world, "S-1", 1, "900.00"))
    act(world.db, service.approve, world.reviewer, a.id)
    for fn, args in (
        (service.approve, ()),
        (service.reject, ("other", "x")),
        (service.withdraw, ()),
        (service.submit, ()),
        (service.delete_draft, ()),
    ):
        actor = (
            world.clerk
            if fn in (service.withdraw, service.submit, service.delete_draft)
            else world.reviewer
        )
        with world.db.uow() as uow, pytest.raises(Conflict, match="is approved"):
            fn(uow, actor, a.id, *args)


def test_approval_is_refused_when_an_earlier_claim_was_rejected_since(world):
    first = enter(world.db, world.clerk, _stay(world, "X-1", 1, "2000.00"))
    second = enter(world.db, world.clerk, _stay(world, "X-2", 10, "1000.00"))
    assert second.calc.payout == D("400.00")  # deductible used by the first
    act(world.db, service.reject, world.reviewer, first.id, "not_in_scope", "美容手术")
    with world.db.uow() as uow, pytest.raises(service.CalculationChanged) as excinfo:
        service.approve(uow, world.reviewer, second.id)
    assert "400.00" in excinfo.value.text("zh") and "200.00" in excinfo.value.text("zh")
    assert excinfo.value.claim.calc.payout == D("200.00")
    # The new calculation was kept (committed) and the claim is still waiting.
    now = view(world.db, second.id)
    assert (now.status, now.calc.payout) == ("submitted", D("200.00"))
    with world.db.reader() as uow:
        history = list(
            uow.session.execute(
                select(Calculation.payout, Calculation.current)
                .where(Calculation.claim_id == second.id)
                .order_by(Calculation.id)
            )
        )
    assert history == [(D("400.00"), False), (D("200.00"), True)]
    # Looked at again, it is approved as it now stands.
    assert act(world.db, service.approve, world.reviewer, second.id).calc.payout == D("200.00")


def test_an_engine_rejected_claim_cannot_be_approved_as_payable(world):
    # Li's stay in 2015 under Shaoxing, where she is not enrolled? No: enroll her late.
    late = inpatient(
        world.zhang,
        world.zhang_sx,
        date(2015, 8, 1),
        date(2015, 8, 5),
        receipt("N-1", "绍兴市人民医院", copay="100.00"),
        hospital="绍兴市人民医院",
        disease=None,
    )
    c = enter(world.db, world.clerk, late)
    assert c.calc.status == "payable"
    with world.db.uow() as uow:
        # Make the stay fall before the enrollment: the engine says not_enrolled.
        from db.models import Enrollment

        uow.session.get(Enrollment, world.zhang_sx).enrolled_on = date(2015, 8, 3)
        uow.commit()
    with world.db.uow() as uow, pytest.raises(service.CalculationChanged):
        service.approve(uow, world.reviewer, c.id)
    with world.db.uow() as uow, pytest.raises(Conflict, match="rejected by the scheme"):
        service.approve(uow, world.reviewer, c.id)
    r = act(world.db, service.reject, world.reviewer, c.id, "not_enrolled", "")
    assert r.reject_code == "not_enrolled"


def test_approve_all_through_the_command_line(world, data_dir):
    payable = enter(world.db, world.clerk, _stay(world, "Y-1", 1, "1500.00"))
    own = enter(world.db, world.reviewer, _stay(world, "Y-2", 1, "900.00", world.li, world.li_qz))
    # Enrolled in 2015-01-01 but the scheme says... make one the engine rejects: no receipt
    # total, an outpatient claim in an inpatient-only scheme.
    from desk_app.claims.model import ClaimInput

    outpatient = ClaimInput(
        member_id=world.li,
        enrollment_id=world.li_qz,
        kind="outpatient",
        visit_date=date(2015, 8, 3),
        hospital="衢州市人民医院",
        receipts=(receipt("Y-3", copay="80.00"),),
    )
    rejected = enter(world.db, world.clerk, outpatient)
    assert rejected.calc.reason == "not_covered"
    r = run_cli(
        "--lang",
        "en",
        "claims",
        "approve",
        "--all",
        "--user",
        "reviewer",
        input=f"{PASSWORDS['reviewer']}\n",
        data_dir=data_dir,
    )
    assert r.code == 0, r.err
    assert r.out.strip() == (
        "approved 1 (payout 400.00), rejected 1, left 1 entered by you, 0 recalculated (look again)"
    )
    assert view(world.db, payable.id).approval_no == "SP2015-000001"
    assert (view(world.db, rejected.id).status, view(world.db, rejected.id).reject_code) == (
        "rejected",
        "not_covered",
    )
    assert view(world.db, own.id).status == "submitted"


def test_approve_all_needs_a_reviewer(world, data_dir):
    r = run_cli(
        "claims",
        "approve",
        "--all",
        "--user",
        "clerk",
        input=f"{PASSWORDS['clerk']}\n",
        data_dir=data_dir,
    )
    assert r.code == 2 and "may not" in r.err


def test_the_queue_filters_and_sorts_in_sql(world):
    a = enter(world.db, world.clerk, _stay(world, "Z-1", 1, "1500.00"))  # 400
    b = enter(
        world.db, world.actors["clerk2"], _stay(world, "Z-2", 1, "900.00", world.li, world.li_qz)
    )
    c = enter(world.db, world.clerk, _stay(world, "Z-3", 10, "3000.00"))  # 1200
    with world.db.reader() as uow:
        assert service.queue_ids(uow, QueueFilter()) == [a.id, b.id, c.id]
        assert service.queue_ids(uow, QueueFilter(), sort="payout", descending=True) == [
            c.id,
            a.id,
            b.id,
        ]
        assert service.queue_ids(uow, QueueFilter(created_by="clerk2")) == [b.id]
        assert service.queue_ids(uow, QueueFilter(min_payout=D("500"))) == [c.id]
        assert service.queue_ids(uow, QueueFilter(text="李")) == [b.id]
        assert service.queue_ids(uow, QueueFilter(text="zjg")) == [a.id, c.id]
        assert service.queue_ids(uow, QueueFilter(text="lp2015-2")) == [b.id]
        assert service.queue_ids(uow, QueueFilter(text="LP2015-00000")) == [a.id, b.id, c.id]
        assert service.queue_ids(uow, QueueFilter(unit_id=world.unit), sort="member_name") == [
            b.id,
            a.id,
            c.id,
        ]
        assert service.queue_ids(
            uow, QueueFilter(date_from=date(2015, 9, 1), date_to=date(2015, 9, 1))
        ) == [a.id, b.id, c.id]
        assert service.queue_ids(uow, QueueFilter(date_from=date(2015, 9, 2))) == []
        # Every column the queue sorts by (one unit, one scheme: ties by id).
        assert service.queue_ids(uow, QueueFilter(), sort="unit", descending=True) == [
            c.id,
            b.id,
            a.id,
        ]
        for sort in QUEUE_SORTS:
            assert sorted(service.queue_ids(uow, QueueFilter(), sort=sort)) == [a.id, b.id, c.id]
        rows = service.queue_rows(uow, [c.id, a.id])
    assert [r.claim_no for r in rows] == [c.claim_no, a.claim_no]
    assert (rows[0].member_name, rows[0].payout, rows[0].unit_name) == (
        "张建国",
        D("1200.00"),
        "城关供电所工会",
    )
    assert rows[0].covered_date == date(2015, 7, 13)


def test_a_sample_of_approvals_is_drawn_for_a_second_look_by_another_reviewer(world):
    from desk_app.access import users
    from desk_app.system import settings
    from tests.conftest import PASSWORDS as PW

    with world.db.uow() as uow:
        settings.put(uow.session, settings.REVIEW_SAMPLE_PERCENT, 100)
        second = users.add_user(
            uow, world.actors["admin"], "reviewer2", "钱复核", "reviewer", PW["reviewer"]
        ).value.actor
        uow.commit()
    a = enter(world.db, world.clerk, _stay(world, "T-1", 1, "900.00"))
    approved = act(world.db, service.approve, world.reviewer, a.id)
    assert approved.second_look
    with world.db.reader() as uow:
        assert service.queue_ids(uow, QueueFilter(status=("approved",), second_look=True)) == [a.id]
    with world.db.uow() as uow, pytest.raises(PermissionDenied, match="another reviewer"):
        service.confirm_second_look(uow, world.reviewer, a.id)
    done = act(world.db, service.confirm_second_look, second, a.id, "核对无误")
    assert (done.status, done.second_look) == ("approved", False)
    assert _actions(world.db, a.claim_no)[-1] == ("reviewer2", "claim.second_look", "ok")


def test_no_second_look_when_the_sample_is_zero(world):
    a = enter(world.db, world.clerk, _stay(world, "T-2", 1, "900.00"))
    assert not act(world.db, service.approve, world.reviewer, a.id).second_look


def test_approve_all_leaves_a_claim_whose_calculation_changed_for_a_second_look(world):
    first = enter(world.db, world.clerk, _stay(world, "AC-1", 1, "2000.00"))
    second = enter(world.db, world.clerk, _stay(world, "AC-2", 10, "1000.00"))
    other = enter(world.db, world.clerk, _stay(world, "AC-3", 1, "900.00", world.li, world.li_qz))
    act(world.db, service.reject, world.reviewer, first.id, "duplicate_claim", "")
    rep = act(world.db, service.approve_all, world.reviewer)
    assert (rep.approved, rep.changed, rep.changed_claims) == (1, 1, (second.claim_no,))
    assert view(world.db, other.id).status == "approved"
    still = view(world.db, second.id)
    assert (still.status, still.calc.payout) == ("submitted", D("200.00"))
    # Run again: nothing changed now, so it is approved as it stands.
    again = act(world.db, service.approve_all, world.reviewer)
    assert (again.approved, again.changed, again.payout_total) == (1, 0, D("200.00"))


def test_approve_named_claims_through_the_command_line(world, data_dir):
    ok = enter(world.db, world.clerk, _stay(world, "CL-1", 1, "1500.00"))
    own = enter(world.db, world.reviewer, _stay(world, "CL-2", 1, "900.00", world.li, world.li_qz))
    r = run_cli(
        "--lang",
        "en",
        "claims",
        "approve",
        ok.claim_no.lower(),
        own.claim_no,
        "--user",
        "reviewer",
        input=f"{PASSWORDS['reviewer']}\n",
        data_dir=data_dir,
    )
    assert r.code == 2
    assert r.out.strip() == f"{ok.claim_no} approved as SP2015-000001, payout 400.00"
    assert own.claim_no in r.err and "another reviewer" in r.err
    assert (
        view(world.db, ok.id).status == "approved" and view(world.db, own.id).status == "submitted"
    )
