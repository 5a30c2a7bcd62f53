"""The database refuses what the services never do with paid money (migration 0003), whatever
program opens the file: each edit below was once possible with ``sqlite3`` on a desk's file."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from alembic import command

from db.migrate import MigrationFailed, alembic_config, current_revision, head_revision, upgrade
from tests.integration.payments_support import county, pay, three_stays

__all__ = ["county"]
AUG20 = date(2015, 8, 20)

LIFE = "moves only along its life"
FROZEN_CLAIM = "paid claim cannot change|payout of a paid claim"
# A second payment breaks several rules at once; whichever trigger speaks first says why.
SECOND_PAYMENT = "only into an open batch|has a payment already|pays an approved claim"


@pytest.fixture
def paid(county):
    """Zhang and Wang paid on 20 August (Li, with no account, left approved); a raw connection."""
    stays = three_stays(county)
    pay(county, AUG20)
    conn = county.db.raw_connection()
    conn.isolation_level = None
    yield stays, conn
    conn.close()


def _refused(conn: sqlite3.Connection, match: str, *statements: str) -> None:
    """The statements, in one transaction, are refused with ``match``; nothing stays."""
    conn.execute("BEGIN")
    try:
        with pytest.raises(sqlite3.IntegrityError, match=match):
            for sql in statements:
                conn.execute(sql)
    finally:
        conn.execute("ROLLBACK")


def _one(conn: sqlite3.Connection, sql: str) -> object:
    return conn.execute(sql).fetchone()[0]


def test_a_paid_claim_cannot_be_flipped_back_to_approved_to_change_its_payout(paid):
    stays, conn = paid
    zid = stays["zhang"].id
    _refused(
        conn,
        LIFE,
        f"UPDATE claims SET status = 'approved' WHERE id = {zid}",
        f"UPDATE claims SET payout = payout + 100000 WHERE id = {zid}",
        f"UPDATE claims SET status = 'paid' WHERE id = {zid}",
    )
    for status in ("draft", "submitted", "rejected"):
        _refused(conn, LIFE, f"UPDATE claims SET status = '{status}' WHERE id = {zid}")
    assert _one(conn, f"SELECT payout FROM claims WHERE id = {zid}") == 40000


def test_a_paid_claims_row_is_frozen(paid):
    stays, conn = paid
    zid = stays["zhang"].id
    for change in (
        "payout = payout + 100000",
        "total_cost = 1",
        "payment_batch_id = NULL",
        "paid_on = '2015-08-21'",
        "member_id = member_id + 1",
        "approval_no = 'X'",
        "reported_month = '2015-08'",
    ):
        _refused(conn, FROZEN_CLAIM, f"UPDATE claims SET {change} WHERE id = {zid}")


def test_a_paid_claims_receipts_calculations_and_lines_are_frozen(paid):
    stays, conn = paid
    zid = stays["zhang"].id
    receipt = _one(conn, f"SELECT id FROM receipts WHERE claim_id = {zid}")
    calc = _one(conn, f"SELECT id FROM calculations WHERE claim_id = {zid} AND current = 1")
    _refused(
        conn, "receipts of a paid claim", f"UPDATE receipts SET copay = 1 WHERE id = {receipt}"
    )
    _refused(conn, "receipts of a paid claim", f"DELETE FROM receipts WHERE id = {receipt}")
    _refused(
        conn,
        "receipts of a paid claim",
        "INSERT INTO receipts (uid, version, created_at, updated_at, claim_id, seq, invoice_no,"
        " hospital, total, fund_paid, other_paid, deductible, copay, over_cap, class_b,"
        f" self_funded) SELECT 'r2', 1, created_at, updated_at, {zid}, 2, 'NEW-1', hospital,"
        f" total, 0, 0, 0, 900000, 0, 0, 0 FROM receipts WHERE id = {receipt}",
    )
    li_receipt = _one(conn, f"SELECT id FROM receipts WHERE claim_id = {stays['li'].id}")
    _refused(
        conn,
        "receipts of a paid claim",
        f"UPDATE receipts SET claim_id = {zid} WHERE id = {li_receipt}",
    )
    calcs = "calculations of a paid claim"
    _refused(conn, calcs, f"UPDATE calculations SET payout = 9999999 WHERE id = {calc}")
    _refused(conn, calcs, f"UPDATE calculations SET current = 0 WHERE id = {calc}")
    _refused(conn, calcs, f"DELETE FROM calculations WHERE id = {calc}")
    _refused(
        conn,
        calcs,
        "INSERT INTO calculations (uid, version, created_at, updated_at, claim_id, scheme_id,"
        " scheme_sha256, engine_version, status, reason, payout, cap_left, benefits, input,"
        " computed_by, current) SELECT 'c2', 1, created_at, updated_at, claim_id, scheme_id,"
        " scheme_sha256, engine_version, status, reason, 9999999, cap_left, benefits, input,"
        f" computed_by, 1 FROM calculations WHERE id = {calc}",
    )
    _refused(conn, calcs, f"UPDATE calculation_lines SET text = 'x' WHERE calculation_id = {calc}")
    _refused(conn, calcs, f"DELETE FROM calculation_lines WHERE calculation_id = {calc}")
    _refused(
        conn,
        calcs,
        f"INSERT INTO calculation_lines (calculation_id, seq, text) VALUES ({calc}, 99, 'x')",
    )


def test_a_paid_batch_is_frozen_and_stays(paid):
    _stays, conn = paid
    batch = _one(conn, "SELECT id FROM payment_batches WHERE status = 'paid'")
    frozen = "paid batch cannot change"
    _refused(
        conn,
        frozen,
        f"UPDATE payment_batches SET total = total + 100000, status = 'open' WHERE id = {batch}",
    )
    for change in (
        "total = total + 100000",
        "count = count + 1",
        "pay_date = '2015-08-21'",
        "paid_at = NULL",
        "status = 'open'",
        "lists_digest = 'x'",
    ):
        _refused(conn, frozen, f"UPDATE payment_batches SET {change} WHERE id = {batch}")
    _refused(
        conn, "paid batch cannot be deleted", f"DELETE FROM payment_batches WHERE id = {batch}"
    )


_SECOND = (
    "INSERT INTO payments (uid, version, created_at, updated_at, batch_id, claim_id, member_id,"
    " kind, amount, pay_date, account, reverses_id, reason, created_by) SELECT '{uid}', 1,"
    " created_at, updated_at, {batch}, claim_id, member_id, kind, amount, '{day}', account,"
    " reverses_id, reason, created_by FROM payments WHERE id = {pid}"
)


def _open_batch(conn: sqlite3.Connection, number: str, day: str) -> int:
    conn.execute(
        "INSERT INTO payment_batches (uid, version, created_at, updated_at, batch_no, pay_date,"
        f" status, total, count) VALUES ('{number}', 1, '2015-08-25 00:00:00',"
        f" '2015-08-25 00:00:00', '{number}', '{day}', 'open', 0, 0)"
    )
    return int(_one(conn, "SELECT last_insert_rowid()"))  # type: ignore[arg-type]


def test_a_second_payment_of_a_claim_is_refused(paid):
    stays, conn = paid
    pid, batch = conn.execute(
        f"SELECT id, batch_id FROM payments WHERE claim_id = {stays['zhang'].id}"
    ).fetchone()
    # Into the paid batch itself: its total would no longer be the sum of its rows.
    _refused(conn, SECOND_PAYMENT, _SECOND.format(uid="p2", batch=batch, pid=pid, day=AUG20))
    # Into a new open batch (the claim pointed at it as well, as a forger would).
    conn.execute("BEGIN")
    try:
        other = _open_batch(conn, "ZF2015-9999", "2015-08-25")
        with pytest.raises(sqlite3.IntegrityError, match=r"paid claim|has a payment already"):
            conn.execute(
                f"UPDATE claims SET payment_batch_id = {other} WHERE id = {stays['zhang'].id}"
            )
        with pytest.raises(sqlite3.IntegrityError, match=SECOND_PAYMENT):
            conn.execute(_SECOND.format(uid="p3", batch=other, pid=pid, day="2015-08-25"))
    finally:
        conn.execute("ROLLBACK")
    assert _one(conn, "SELECT count(*) FROM payments") == 2


def test_a_claim_becomes_paid_only_with_its_payment_in_a_paid_batch(paid):
    stays, conn = paid
    lid = stays["li"].id  # approved, in no batch (no account)
    _refused(
        conn, "only with its one payment", f"UPDATE claims SET status = 'paid' WHERE id = {lid}"
    )
    conn.execute("BEGIN")
    try:
        other = _open_batch(conn, "ZF2015-9998", "2015-08-25")
        conn.execute(f"UPDATE claims SET payment_batch_id = {other} WHERE id = {lid}")
        # A payment of another amount than the claim's payout.
        with pytest.raises(sqlite3.IntegrityError, match="its payout to its member"):
            conn.execute(
                "INSERT INTO payments (uid, version, created_at, updated_at, batch_id, claim_id,"
                " member_id, kind, amount, pay_date) SELECT 'p4', 1, created_at, updated_at,"
                f" {other}, id, member_id, 'payment', payout + 100000, '2015-08-25' FROM claims"
                f" WHERE id = {lid}"
            )
        conn.execute(
            "INSERT INTO payments (uid, version, created_at, updated_at, batch_id, claim_id,"
            " member_id, kind, amount, pay_date) SELECT 'p5', 1, created_at, updated_at,"
            f" {other}, id, member_id, 'payment', payout, '2015-08-25' FROM claims WHERE id = {lid}"
        )
        # The batch still open: the claim cannot be paid yet.
        with pytest.raises(sqlite3.IntegrityError, match="only with its one payment"):
            conn.execute(
                f"UPDATE claims SET status = 'paid', paid_on = '2015-08-25' WHERE id = {lid}"
            )
        # The batch's total must be the sum of its rows.
        with pytest.raises(sqlite3.IntegrityError, match="sum of its payments"):
            conn.execute(
                "UPDATE payment_batches SET status = 'paid', paid_at = '2015-08-25 09:00:00',"
                f" count = 1, total = 100 WHERE id = {other}"
            )
        # In the order of the rules (as the recovery from the city writes it), it goes through.
        conn.execute(
            "UPDATE payment_batches SET status = 'paid', paid_at = '2015-08-25 09:00:00',"
            f" count = 1, total = (SELECT payout FROM claims WHERE id = {lid}) WHERE id = {other}"
        )
        conn.execute(f"UPDATE claims SET status = 'paid', paid_on = '2015-08-25' WHERE id = {lid}")
        assert _one(conn, f"SELECT status FROM claims WHERE id = {lid}") == "paid"
    finally:
        conn.execute("ROLLBACK")


def test_batches_and_claims_are_not_written_as_paid(paid):
    stays, conn = paid
    _refused(
        conn,
        "starts open",
        "INSERT INTO payment_batches (uid, version, created_at, updated_at, batch_no, pay_date,"
        " status, total, count) VALUES ('b', 1, '2015-08-25 00:00:00', '2015-08-25 00:00:00',"
        " 'ZF2015-9997', '2015-08-25', 'paid', 0, 0)",
    )
    zid = stays["zhang"].id
    columns = [r[1] for r in conn.execute("PRAGMA table_info(claims)") if r[1] != "id"]
    copied = ", ".join(
        {"uid": "'u2'", "claim_no": "'LP-COPY'", "approval_no": "NULL"}.get(c, c) for c in columns
    )
    _refused(
        conn,
        "not written as paid",
        f"INSERT INTO claims ({', '.join(columns)}) SELECT {copied} FROM claims WHERE id = {zid}",
    )


def test_a_reversal_never_takes_back_more_than_was_paid(paid):
    stays, conn = paid
    pid = _one(conn, f"SELECT id FROM payments WHERE claim_id = {stays['zhang'].id}")
    conn.execute("BEGIN")
    try:
        other = _open_batch(conn, "ZF2015-9996", "2015-08-25")
        with pytest.raises(sqlite3.IntegrityError, match="never more"):
            conn.execute(
                "INSERT INTO payments (uid, version, created_at, updated_at, batch_id, claim_id,"
                " member_id, kind, amount, pay_date, reverses_id) SELECT 'r1', 1, created_at,"
                f" updated_at, {other}, claim_id, member_id, 'reversal', -amount - 1,"
                f" '2015-08-25', id FROM payments WHERE id = {pid}"
            )
    finally:
        conn.execute("ROLLBACK")


def test_a_claim_in_a_batch_or_reported_without_a_locked_month_is_refused(county):
    stays = three_stays(county)
    pay(county, AUG20, [stays["zhang"].id], confirm=False)
    conn = county.db.raw_connection()
    conn.isolation_level = None
    try:
        _refused(
            conn,
            "in a payment batch",
            f"UPDATE claims SET status = 'submitted' WHERE id = {stays['zhang'].id}",
        )
    finally:
        conn.close()
    pay(county, date(2015, 8, 21), [stays["wang"].id])
    conn = county.db.raw_connection()
    conn.isolation_level = None
    try:
        _refused(
            conn,
            "locked",
            "UPDATE claims SET status = 'reported', reported_month = '2015-08'"
            f" WHERE id = {stays['wang'].id}",
        )
    finally:
        conn.close()


def test_the_upgrade_refuses_a_file_that_breaks_the_rules_and_names_what_it_found(county):
    three_stays(county)
    batch, _files = pay(county, AUG20)
    path = county.db.path
    county.db.dispose()
    command.downgrade(alembic_config(f"sqlite:///{path}"), "0002")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE payment_batches SET total = total + 100000")  # no trigger at 0002
    conn.commit()
    conn.close()
    with pytest.raises(MigrationFailed, match=f"paid batches whose total.*{batch.batch_no}"):
        upgrade(path, county.tmp / "backups")
    assert current_revision(path) == "0002"
    conn = sqlite3.connect(path)
    conn.execute("UPDATE payment_batches SET total = total - 100000")
    conn.commit()
    conn.close()
    upgrade(path, county.tmp / "backups")
    assert current_revision(path) == head_revision()


def test_every_rule_of_0003_is_in_a_database_at_head(tmp_path):
    """A later migration that rebuilds a table (SQLite drops its triggers with it) must put them
    back: at head, every trigger and the one-payment index of 0003 are there."""
    import importlib

    rules = importlib.import_module("db.migrations.versions.0003_money_rules")
    path = tmp_path / "d.sqlite3"
    upgrade(path, tmp_path / "b")
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    missing = sorted(set(rules.TRIGGER_NAMES) - names)
    assert not missing and rules.ONE_PAYMENT_INDEX in names, missing
