"""money rules: the database refuses what the services never do with claims, payments, batches

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 06:00:00.000000

Whatever program opens the file (this one, ``sqlite3``, a restore), these rules hold:

Claims (``claims.status``) move only along the claim's life (DOMAIN.md):
  insert as draft, submitted, approved or rejected — never as paid or reported;
  draft → submitted; submitted → draft | approved | rejected; approved | rejected → submitted;
  approved → paid; paid → reported. Nothing leaves paid or reported: money paid is corrected by
  a reversal payment (冲正), the claim stays paid.
  A claim in a payment batch stays approved until it is paid (take it out of the batch first).
  approved → paid only when the claim has exactly one payment row (kind ``payment``) in its own
  batch (``payment_batch_id``), that batch is paid, and the row's amount and date are the
  claim's payout and ``paid_on``.
  paid → reported only into a locked month (``month_locks``) named by ``reported_month``.
  A paid or reported claim's row is frozen: only ``status``/``reported_month`` (paid → reported),
  ``version`` and ``updated_at`` may change; it cannot be deleted. Its receipts, calculations
  and calculation lines cannot be inserted, changed or deleted.

Payments are append-only (0001). A ``payment`` row is inserted only for an approved claim in the
row's batch, with the claim's member and payout, on the batch's pay date, into an open batch;
at most one ``payment`` row per claim ever (a partial unique index; a reversal is a row of its
own). A ``reversal`` row is negative, reverses a payment of the same claim, and never takes a
claim's payments below zero.

Payment batches are inserted open. open → paid only when the batch's ``total`` is the sum of its
payment rows and ``count`` the number of its ``payment`` rows (reversals count in the total,
not in the count). A paid batch is frozen (every column but ``version``/``updated_at``) and
cannot be deleted; it takes no more payment rows. An open batch's figures are computed from its
rows when shown; its stored total is checked when it turns paid.

So a program writing paid history back (the recovery from the city) does it in this order, in
one transaction: the claim as ``approved`` (its receipts and calculations with it) → the batch
``open`` and the claim's ``payment_batch_id`` set → the payment rows → the batch ``paid`` with
its total and count → the claim ``paid`` with ``paid_on`` → (``reported`` after its month lock).

The upgrade first checks the data already in the file against these rules and refuses, naming
what it found, rather than install rules the file already breaks.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_PAID = "('paid', 'reported')"


def _claim_paid(claim_id: str) -> str:
    return f"(SELECT status FROM claims WHERE id = {claim_id}) IN {_PAID}"


# A paid claim's columns that never change (everything but status, reported_month, version,
# updated_at; status and reported_month are held by the life triggers).
CLAIM_FROZEN = [
    "claim_no",
    "approval_no",
    "member_id",
    "enrollment_id",
    "scheme_id",
    "kind",
    "admission",
    "discharge",
    "visit_date",
    "event_date",
    "hospital",
    "disease_code",
    "disease_name",
    "calc_status",
    "calc_reason",
    "payout",
    "total_cost",
    "reject_code",
    "reject_text",
    "source",
    "note",
    "created_by",
    "submitted_at",
    "submitted_by",
    "reviewed_at",
    "reviewed_by",
    "payment_batch_id",
    "paid_on",
    "submit_seq",
    "second_look",
    "uid",
    "created_at",
]
BATCH_FROZEN = [
    "batch_no",
    "pay_date",
    "status",
    "total",
    "count",
    "created_by",
    "paid_at",
    "paid_by",
    "lists_written_at",
    "lists_digest",
    "uid",
    "created_at",
]


def _changed(columns: list[str]) -> str:
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


def _abort(message: str) -> str:
    return f"BEGIN SELECT RAISE(ABORT, '{message}'); END"


LIFE = """(OLD.status = 'draft' AND NEW.status = 'submitted')
       OR (OLD.status = 'submitted' AND NEW.status IN ('draft', 'approved', 'rejected'))
       OR (OLD.status IN ('approved', 'rejected') AND NEW.status = 'submitted')
       OR (OLD.status = 'approved' AND NEW.status = 'paid')
       OR (OLD.status = 'paid' AND NEW.status = 'reported')"""

PAID_EVIDENCE = """(SELECT count(*) FROM payments p JOIN payment_batches b ON b.id = p.batch_id
        WHERE p.claim_id = NEW.id AND p.kind = 'payment' AND b.status = 'paid'
          AND p.batch_id IS NEW.payment_batch_id AND p.amount = NEW.payout
          AND p.pay_date IS NEW.paid_on) = 1"""

CLAIM_TRIGGERS = [
    f"""CREATE TRIGGER claims_not_born_paid BEFORE INSERT ON claims
       WHEN NEW.status IN {_PAID}
       {_abort("a claim is not written as paid: it becomes paid from approved, with its payment")}""",
    f"""CREATE TRIGGER claims_status_follows_life BEFORE UPDATE OF status ON claims
       WHEN NEW.status IS NOT OLD.status AND NOT ({LIFE})
       {
        _abort(
            "a claim moves only along its life (draft, submitted, approved or rejected, paid, "
            "reported); a paid claim stays paid: correct it with a reversal"
        )
    }""",
    f"""CREATE TRIGGER claims_in_batch_stay_approved BEFORE UPDATE OF status ON claims
       WHEN OLD.status = 'approved' AND OLD.payment_batch_id IS NOT NULL
            AND NEW.status NOT IN ('approved', 'paid')
       {_abort("the claim is in a payment batch: take it out of the batch first")}""",
    f"""CREATE TRIGGER claims_paid_with_payment BEFORE UPDATE OF status ON claims
       WHEN NEW.status = 'paid' AND OLD.status IS NOT 'paid' AND NOT ({PAID_EVIDENCE})
       {_abort("a claim becomes paid only with its one payment, of its payout, in a paid batch")}""",
    f"""CREATE TRIGGER claims_reported_into_locked_month BEFORE UPDATE OF status ON claims
       WHEN NEW.status = 'reported' AND OLD.status IS NOT 'reported'
            AND NOT EXISTS (SELECT 1 FROM month_locks WHERE month = NEW.reported_month)
       {_abort("a claim is reported only in a submitted (locked) month")}""",
    f"""CREATE TRIGGER claims_paid_row_frozen BEFORE UPDATE ON claims
       WHEN OLD.status IN {_PAID}
            AND ({_changed(CLAIM_FROZEN)}
                 OR (NEW.reported_month IS NOT OLD.reported_month
                     AND NOT (OLD.status = 'paid' AND NEW.status = 'reported')))
       {_abort("a paid claim cannot change: correct it with a reversal")}""",
]

CHILD_TRIGGERS = [
    f"""CREATE TRIGGER paid_receipts_no_insert BEFORE INSERT ON receipts
       WHEN {_claim_paid("NEW.claim_id")}
       {_abort("the receipts of a paid claim cannot change")}""",
    f"""CREATE TRIGGER paid_receipts_not_moved_in BEFORE UPDATE OF claim_id ON receipts
       WHEN {_claim_paid("NEW.claim_id")}
       {_abort("the receipts of a paid claim cannot change")}""",
    f"""CREATE TRIGGER paid_calculations_no_insert BEFORE INSERT ON calculations
       WHEN {_claim_paid("NEW.claim_id")}
       {_abort("the calculations of a paid claim cannot change")}""",
    f"""CREATE TRIGGER paid_calculations_frozen BEFORE UPDATE ON calculations
       WHEN {_claim_paid("OLD.claim_id")} OR {_claim_paid("NEW.claim_id")}
       {_abort("the calculations of a paid claim cannot change")}""",
    f"""CREATE TRIGGER paid_calculations_no_delete BEFORE DELETE ON calculations
       WHEN {_claim_paid("OLD.claim_id")}
       {_abort("the calculations of a paid claim cannot change")}""",
]
_LINE_CLAIM = "(SELECT claim_id FROM calculations WHERE id = {})"
for _when, _ref in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
    CHILD_TRIGGERS.append(
        f"""CREATE TRIGGER paid_calculation_lines_{_when.lower()} BEFORE {_when}
       ON calculation_lines
       WHEN {_claim_paid(_LINE_CLAIM.format(_ref + ".calculation_id"))}
       {_abort("the calculations of a paid claim cannot change")}"""
    )

_BATCH = "(SELECT {} FROM payment_batches WHERE id = NEW.batch_id)"
_CLAIM = "(SELECT {} FROM claims WHERE id = NEW.claim_id)"
PAYMENT_TRIGGERS = [
    f"""CREATE TRIGGER payments_into_open_batch BEFORE INSERT ON payments
       WHEN {_BATCH.format("status")} IS NOT 'open'
            OR NEW.pay_date IS NOT {_BATCH.format("pay_date")}
       {_abort("a payment goes only into an open batch, on its pay date")}""",
    f"""CREATE TRIGGER payments_one_per_claim BEFORE INSERT ON payments
       WHEN NEW.kind = 'payment' AND EXISTS (
            SELECT 1 FROM payments WHERE claim_id = NEW.claim_id AND kind = 'payment')
       {
        _abort("the claim has a payment already: a claim is paid once (correct it by a reversal)")
    }""",
    f"""CREATE TRIGGER payments_of_approved_claim BEFORE INSERT ON payments
       WHEN NEW.kind = 'payment' AND (
            {_CLAIM.format("status")} IS NOT 'approved'
            OR {_CLAIM.format("payment_batch_id")} IS NOT NEW.batch_id
            OR {_CLAIM.format("member_id")} IS NOT NEW.member_id
            OR {_CLAIM.format("payout")} IS NOT NEW.amount
            OR NEW.amount < 0)
       {_abort("a payment pays an approved claim in its batch, its payout to its member")}""",
    f"""CREATE TRIGGER payments_reversal_of_payment BEFORE INSERT ON payments
       WHEN NEW.kind = 'reversal' AND (
            NEW.amount >= 0
            OR {_CLAIM.format("status")} NOT IN {_PAID}
            OR {_CLAIM.format("member_id")} IS NOT NEW.member_id
            OR NOT EXISTS (SELECT 1 FROM payments WHERE id = NEW.reverses_id
                           AND claim_id = NEW.claim_id AND kind = 'payment')
            OR (SELECT coalesce(sum(amount), 0) FROM payments WHERE claim_id = NEW.claim_id)
               + NEW.amount < 0)
       {_abort("a reversal takes back part of a payment of its paid claim, never more")}""",
]

BATCH_TRIGGERS = [
    f"""CREATE TRIGGER batches_born_open BEFORE INSERT ON payment_batches
       WHEN NEW.status IS NOT 'open'
       {_abort("a payment batch starts open: it is paid once its payments are in it")}""",
    f"""CREATE TRIGGER batches_paid_with_their_rows BEFORE UPDATE OF status ON payment_batches
       WHEN OLD.status = 'open' AND NEW.status = 'paid' AND (
            NEW.total IS NOT (SELECT coalesce(sum(amount), 0) FROM payments
                              WHERE batch_id = NEW.id)
            OR NEW.count IS NOT (SELECT count(*) FROM payments
                                 WHERE batch_id = NEW.id AND kind = 'payment')
            OR NEW.paid_at IS NULL)
       {
        _abort(
            "a batch is paid only with its total the sum of its payments and its count their number"
        )
    }""",
    f"""CREATE TRIGGER batches_paid_frozen BEFORE UPDATE ON payment_batches
       WHEN OLD.status = 'paid' AND ({_changed(BATCH_FROZEN)})
       {_abort("a paid batch cannot change: correct a payment by a reversal in a later batch")}""",
    f"""CREATE TRIGGER batches_paid_no_delete BEFORE DELETE ON payment_batches
       WHEN OLD.status = 'paid'
       {_abort("a paid batch cannot be deleted")}""",
]

# Every change of a synced record writes its outbox row here, whatever wrote it (the ORM, a
# bulk UPDATE or DELETE through Core, an INSERT at driver speed, another program): the change
# and its way to the city are one statement. ``db/outbox.py`` no longer writes them itself.
SYNCED_TABLES = {
    "units": "unit",
    "members": "member",
    "enrollment_batches": "enrollment_batch",
    "enrollments": "enrollment",
    "claims": "claim",
    "receipts": "receipt",
    "calculations": "calculation",
    "payment_batches": "payment_batch",
    "payments": "payment",
    "monthly_returns": "monthly_return",
}
_OUTBOX_ROW = """INSERT INTO sync_outbox (op_id, entity, entity_uid, op, created_at)
       VALUES (lower(hex(randomblob(16))), '{entity}', {ref}.uid, '{op}',
               strftime('%Y-%m-%d %H:%M:%f', 'now'));"""
OUTBOX_TRIGGERS = []
for _table, _entity in SYNCED_TABLES.items():
    for _when, _ref, _op in (
        ("INSERT", "NEW", "upsert"),
        ("UPDATE", "NEW", "upsert"),
        ("DELETE", "OLD", "delete"),
    ):
        _row = _OUTBOX_ROW.format(entity=_entity, ref=_ref, op=_op)
        _extra = ""
        if _when == "UPDATE":  # a record whose uid changed: the old one is gone at the city
            _extra = f"""
       INSERT INTO sync_outbox (op_id, entity, entity_uid, op, created_at)
       SELECT lower(hex(randomblob(16))), '{_entity}', OLD.uid, 'delete',
              strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE OLD.uid IS NOT NEW.uid;"""
        OUTBOX_TRIGGERS.append(
            f"""CREATE TRIGGER outbox_{_table}_{_when.lower()} AFTER {_when} ON {_table}
       BEGIN {_row}{_extra} END"""
        )

TRIGGERS = CLAIM_TRIGGERS + CHILD_TRIGGERS + PAYMENT_TRIGGERS + BATCH_TRIGGERS + OUTBOX_TRIGGERS
TRIGGER_NAMES = [t.split()[2] for t in TRIGGERS]
ONE_PAYMENT_INDEX = "uq_payments_one_payment_per_claim"

# What the data already in the file must satisfy; each query lists what breaks a rule.
CHECKS = [
    (
        "paid claims without exactly one payment of their payout in a paid batch",
        f"""SELECT c.claim_no FROM claims c WHERE c.status IN {_PAID} AND (
              SELECT count(*) FROM payments p JOIN payment_batches b ON b.id = p.batch_id
              WHERE p.claim_id = c.id AND p.kind = 'payment' AND b.status = 'paid'
                AND p.amount = c.payout) != 1""",
    ),
    (
        "claims with more than one payment",
        """SELECT c.claim_no FROM claims c WHERE (SELECT count(*) FROM payments p
              WHERE p.claim_id = c.id AND p.kind = 'payment') > 1""",
    ),
    (
        "claims whose reversals come to more than was paid",
        """SELECT c.claim_no FROM claims c
           WHERE (SELECT sum(amount) FROM payments p WHERE p.claim_id = c.id) < 0""",
    ),
    (
        "paid batches whose total or count is not that of their payments",
        """SELECT b.batch_no FROM payment_batches b WHERE b.status = 'paid' AND (
              b.total != (SELECT coalesce(sum(amount), 0) FROM payments WHERE batch_id = b.id)
              OR b.count != (SELECT count(*) FROM payments
                             WHERE batch_id = b.id AND kind = 'payment'))""",
    ),
]


def found_breaches(conn: object) -> list[str]:
    """What in the file breaks the rules, one line each (empty: nothing)."""
    out = []
    for what, sql in CHECKS:
        names = [str(r[0]) for r in conn.execute(text(sql))]  # type: ignore[attr-defined]
        if names:
            shown = ", ".join(names[:10]) + (
                f" and {len(names) - 10} more" if len(names) > 10 else ""
            )
            out.append(f"{what}: {shown}")
    return out


def upgrade() -> None:
    breaches = found_breaches(op.get_bind())
    if breaches:
        raise RuntimeError(
            "the database breaks the rules of paid money, so they were not installed; found "
            + "; ".join(breaches)
            + ". Restore a backup from before the change, or correct it with the county's "
            "records, then start again"
        )
    op.execute(
        f"CREATE UNIQUE INDEX {ONE_PAYMENT_INDEX} ON payments (claim_id) WHERE kind = 'payment'"
    )
    for sql in TRIGGERS:
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP INDEX IF EXISTS {ONE_PAYMENT_INDEX}")
