"""A Beijing-sized city database for ``bench_city`` (issue #18, part 6), made fast.

16 counties (sites), ``members`` members with one enrollment each (scheme ``BJ-2026-ZY``, one in
ten ``BJ-2026-TB``), ``claims`` paid claims spread over the twelve months of 2026 with their
receipts (one in three claims has two), current calculation, payment and the site's monthly
payment batches, and every site's submitted monthly return for each month (three sites also
resubmitted revision 2). Records are the JSON documents desks push (``desk_app.sync.payload``'s
columns, foreign keys as uids, money as two-decimal strings); the key tables hold what
``city_server.apply`` derives from them.

Cross-county cases, a few thousand at full size: ``members // 2000`` people enrolled in a second
county (a member record with the same ID number and an enrollment in the same scheme) and
``claims // 1000`` receipts claimed again in another county (same hospital and invoice number).

Everything is made in PostgreSQL with ``INSERT … SELECT generate_series`` into tables whose
indexes and constraints are dropped for the load and made again after it (as ``pg_restore``
does); the schema itself is the server's (``city_server.store.init_db``).
"""

from __future__ import annotations

import base64
import hashlib
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, insert

from city_server import sites
from city_server.models import (
    EnrollmentKey,
    MemberKey,
    ReceiptKey,
    Record,
    ReturnVersion,
)
from city_server.store import init_db, sessions, transaction
from desk_app.returns.model import SUMMARY_HEADERS, SUMMARY_MONEY, TOTAL

COUNTIES = (
    ("110101", "东城区"), ("110102", "西城区"), ("110105", "朝阳区"), ("110106", "丰台区"),
    ("110107", "石景山区"), ("110108", "海淀区"), ("110109", "门头沟区"), ("110111", "房山区"),
    ("110112", "通州区"), ("110113", "顺义区"), ("110114", "昌平区"), ("110115", "大兴区"),
    ("110116", "怀柔区"), ("110117", "平谷区"), ("110118", "密云区"), ("110119", "延庆区"),
)  # fmt: skip
SCHEMES = {"BJ-2026-ZY": "北京市职工住院互助保障", "BJ-2026-TB": "北京市职工特殊病种互助保障"}
RESUBMITTED = 3  # the first sites sent revision 2 of every month
BIG = (Record, MemberKey, EnrollmentKey, ReceiptKey)
STAMP = "'2026-01-05T01:00:00+00:00'"


def money(fen: str) -> str:
    """SQL for a fen amount as the desk's two-decimal string."""
    return f"(({fen}) / 100)::text || '.' || lpad((({fen}) % 100)::text, 2, '0')"


# gen_members: n, k (the identity index: a second-county copy repeats its original's), site.
MEMBERS = """
CREATE UNLOGGED TABLE gen_members AS
SELECT n, k, CASE WHEN n < :N THEN k % 16 + 1 ELSE (k % 16 + 1 + (n - :N) % 15) % 16 + 1 END
       AS site, md5('m' || n) AS uid, md5('e' || n) AS euid,
       md5('u' || (k % :U)) AS unit_uid,
       CASE WHEN k % 10 = 0 THEN 'BJ-2026-TB' ELSE 'BJ-2026-ZY' END AS scheme,
       '1101' || lpad((k % 16 + 1)::text, 2, '0') || (1960 + k % 40)::text
       || lpad((k / 40 % 12 + 1)::text, 2, '0') || lpad((k / 480 % 28 + 1)::text, 2, '0')
       || lpad((k / 13440 % 1000)::text, 3, '0') || (k % 10)::text AS idn
FROM (SELECT n, CASE WHEN n < :N THEN n ELSE (n - :N) * (:N / :D) END AS k
      FROM generate_series(0, :N + :D - 1) n) g
"""
CLAIMS = """
CREATE UNLOGGED TABLE gen_claims AS
SELECT i, j, m.n, m.site, m.uid AS member_uid, m.euid, m.scheme, md5('c' || i) AS uid,
       j / 7 % 12 + 1 AS month, 50000 + (j * 37 % 900000) AS payout, 'FP' || lpad(j::text, 10, '0')
       AS invoice, '北京市第' || (j % 40 + 1) || '医院' AS hospital
FROM (SELECT i, CASE WHEN i < :C THEN i ELSE (i - :C) * (:C / :R) END AS j,
             CASE WHEN i < :C THEN i * 7919 % :N
                  ELSE ((i - :C) * (:C / :R) * 7919 % :N + 1 + (i - :C) % 15) % :N END AS mn
      FROM generate_series(0::bigint, :C + :R - 1) i) g
JOIN gen_members m ON m.n = g.mn
"""
RECORDS = {
    "unit": f"""
SELECT md5('u' || u), 'unit', u % 16 + 1, u, NULL::text, jsonb_build_object(
  'uid', md5('u' || u), 'version', 1, 'code', 'U' || lpad(u::text, 6, '0'),
  'name', '北京单位' || u, 'industry', '制造业', 'contact', NULL, 'phone', NULL,
  'county', NULL, 'active', true, 'created_at', {STAMP}, 'updated_at', {STAMP})
FROM generate_series(0, :U - 1) u""",
    "member": f"""
SELECT uid, 'member', site, n, NULL, jsonb_build_object(
  'uid', uid, 'version', 1, 'id_number', idn, 'name', '职工' || n,
  'name_pinyin', 'zhigong' || n, 'gender', CASE WHEN k % 2 = 0 THEN 'F' ELSE 'M' END,
  'birth_date', substr(idn, 7, 4) || '-' || substr(idn, 11, 2) || '-' || substr(idn, 13, 2),
  'phone', '139' || lpad((k % 100000000)::text, 8, '0'), 'medical_type', '城镇职工',
  'categories', '', 'bank_account', NULL, 'unit_uid', unit_uid,
  'created_at', {STAMP}, 'updated_at', {STAMP})
FROM gen_members""",
    "enrollment": f"""
SELECT euid, 'enrollment', site, n, NULL, jsonb_build_object(
  'uid', euid, 'version', 1, 'member_uid', uid, 'scheme_code', scheme, 'unit_uid', unit_uid,
  'batch_uid', NULL, 'shares', 1, 'premium', '60.00', 'renewal', false, 'created_by', 'clerk',
  'enrolled_on', CASE WHEN n < :N THEN '2026-01-01' ELSE '2026-03-01' END,
  'created_at', {STAMP}, 'updated_at', {STAMP})
FROM gen_members""",
    "claim": f"""
SELECT uid, 'claim', site, i, NULL, jsonb_build_object(
  'uid', uid, 'version', 6, 'claim_no', 'BJ' || site || '-' || lpad(i::text, 8, '0'),
  'approval_no', 'SP' || lpad(i::text, 8, '0'), 'member_uid', member_uid,
  'enrollment_uid', euid, 'scheme_code', scheme, 'kind', 'inpatient',
  'admission', '2026-' || lpad(month::text, 2, '0') || '-02',
  'discharge', '2026-' || lpad(month::text, 2, '0') || '-09', 'visit_date', NULL,
  'event_date', NULL, 'hospital', hospital, 'disease_code', 'I21', 'disease_name', '急性心肌梗死',
  'status', 'paid', 'calc_status', 'ok', 'calc_reason', NULL, 'payout', {money("payout")},
  'total_cost', {money("payout * 6")}, 'reject_code', NULL, 'reject_text', NULL,
  'source', 'manual', 'note', NULL, 'created_by', 'clerk', 'submitted_by', 'clerk',
  'reviewed_by', 'reviewer', 'payment_batch_uid', md5('b' || site || '-' || month),
  'paid_on', '2026-' || lpad(month::text, 2, '0') || '-15',
  'reported_month', '2026-' || lpad(month::text, 2, '0'), 'submit_seq', i, 'second_look', false,
  'documents', '[]'::jsonb, 'created_at', {STAMP}, 'updated_at', {STAMP})
FROM gen_claims""",
    "receipt": f"""
SELECT md5('r' || i || '-' || s), 'receipt', site, i, uid, jsonb_build_object(
  'uid', md5('r' || i || '-' || s), 'version', 1, 'claim_uid', uid, 'seq', s,
  'invoice_no', invoice || CASE WHEN s = 2 THEN '-2' ELSE '' END, 'hospital', hospital,
  'total', {money("payout * 6")}, 'fund_paid', {money("payout * 4")}, 'other_paid', '0.00',
  'deductible', '800.00', 'copay', {money("payout")}, 'over_cap', '0.00', 'class_b', '0.00',
  'self_funded', '0.00', 'created_at', {STAMP}, 'updated_at', {STAMP})
FROM gen_claims, generate_series(1, CASE WHEN j % 3 = 0 THEN 2 ELSE 1 END) s""",
    "calculation": f"""
SELECT md5('k' || i), 'calculation', site, i, uid, jsonb_build_object(
  'uid', md5('k' || i), 'version', 1, 'claim_uid', uid, 'scheme_code', scheme,
  'scheme_sha256', md5(scheme) || md5(scheme), 'engine_version', '1', 'status', 'ok',
  'reason', NULL, 'payout', {money("payout")}, 'cap_left', '100000.00', 'benefits', '[]'::jsonb,
  'input', '{{}}'::jsonb, 'computed_by', 'clerk', 'current', true,
  'lines', jsonb_build_array('起付线 800.00 元', '本次给付 ' || {money("payout")} || ' 元'),
  'created_at', {STAMP}, 'updated_at', {STAMP})
FROM gen_claims""",
    "payment": f"""
SELECT md5('p' || i), 'payment', site, i, NULL, jsonb_build_object(
  'uid', md5('p' || i), 'version', 1, 'batch_uid', md5('b' || site || '-' || month),
  'claim_uid', uid, 'member_uid', member_uid, 'kind', 'payout', 'amount', {money("payout")},
  'pay_date', '2026-' || lpad(month::text, 2, '0') || '-15', 'account', NULL,
  'reverses_uid', NULL, 'reason', NULL, 'created_by', 'clerk',
  'created_at', {STAMP}, 'updated_at', {STAMP})
FROM gen_claims""",
    "payment_batch": f"""
SELECT md5('b' || s || '-' || m), 'payment_batch', s, m, NULL, jsonb_build_object(
  'uid', md5('b' || s || '-' || m), 'version', 3, 'batch_no', 'ZF2026' || lpad(m::text, 2, '0'),
  'pay_date', '2026-' || lpad(m::text, 2, '0') || '-15', 'status', 'paid', 'total', '0.00',
  'count', 0, 'created_by', 'clerk', 'paid_by', 'cashier', 'lists_written_at', NULL,
  'lists_digest', NULL, 'created_at', {STAMP}, 'updated_at', {STAMP})
FROM generate_series(1, 16) s, generate_series(1, 12) m""",
}
KEYS = {
    "member_keys": "INSERT INTO member_keys (uid, site_id, id_number) "
    "SELECT uid, site, idn FROM gen_members",
    "enrollment_keys": "INSERT INTO enrollment_keys (uid, site_id, member_uid, scheme_code) "
    "SELECT euid, site, uid, scheme FROM gen_members",
    "receipt_keys": "INSERT INTO receipt_keys (uid, site_id, hospital, invoice_no) "
    "SELECT md5('r' || i || '-' || s), site, hospital, "
    "invoice || CASE WHEN s = 2 THEN '-2' ELSE '' END "
    "FROM gen_claims, generate_series(1, CASE WHEN j % 3 = 0 THEN 2 ELSE 1 END) s",
}


def _sql(text: str, params: dict[str, int]) -> str:
    for name, value in sorted(params.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(f":{name}", str(int(value)))
    return text


def build(engine: Engine, members: int, claims: int) -> dict[str, int]:
    """Fill an empty database with the city; returns the counts made."""
    init_db(engine)
    with transaction(sessions(engine)) as s:
        for code, name in COUNTIES:
            sites.add_site(s, code, name, county=code)
    params = {
        "N": members,
        "D": max(4, members // 2000),
        "C": claims,
        "R": max(4, claims // 1000),
        "U": max(16, members // 1000),
    }
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("SET work_mem = '256MB'")
        dropped = _drop_constraints(cur)
        cur.execute(_sql(MEMBERS, params))
        cur.execute(_sql(CLAIMS, params))
        for select in RECORDS.values():
            cur.execute(
                "INSERT INTO records (uid, entity, site_id, last_seq, parent_uid, data, "
                "version, deleted, updated_at) SELECT r.*, (r.data->>'version')::int, false, "
                f"now() FROM ({_sql(select, params)}) "
                "AS r(uid, entity, site_id, last_seq, parent_uid, data)"
            )
        for statement in KEYS.values():
            cur.execute(statement)
        sums = _month_sums(cur)
        cur.execute("DROP TABLE gen_members, gen_claims")
        _restore_constraints(cur, dropped)
        raw.commit()
        raw.driver_connection.autocommit = True  # type: ignore[union-attr]
        for table in ("records", "member_keys", "enrollment_keys", "receipt_keys"):
            cur.execute(f"VACUUM ANALYZE {table}")  # as autovacuum would have by now
        raw.driver_connection.autocommit = False  # type: ignore[union-attr]
    finally:
        raw.close()
    _returns(engine, sums)
    return {
        "members": members + params["D"],
        "claims": claims + params["R"],
        "second_county_members": params["D"],
        "receipts_claimed_twice": params["R"],
    }


def _drop_constraints(cur: Any) -> list[str]:
    """Drop the big tables' indexes and constraints; the statements that make them again
    (primary keys first, foreign keys last), read from the catalog as ``pg_dump`` does."""
    names = [m.__tablename__ for m in BIG]
    cur.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype "
        "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('p', 'f')",
        (names,),
    )
    constraints = sorted(cur.fetchall(), key=lambda r: r[3] != "p")
    cur.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname "
        "NOT IN (SELECT conname FROM pg_constraint)",
        (names,),
    )
    indexes = cur.fetchall()
    for table, name, _definition, _kind in reversed(constraints):
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    return [
        *(f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d, k in constraints if k == "p"),
        *(definition for _name, definition in indexes),
        *(f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d, k in constraints if k == "f"),
    ]


def _restore_constraints(cur: Any, statements: list[str]) -> None:
    for statement in statements:
        cur.execute(statement)


def _month_sums(cur: Any) -> dict[tuple[int, int, str], tuple[int, int, int]]:
    """(site, month, scheme) → (claims, people, payout fen): what each return says."""
    cur.execute(
        "SELECT site, month, scheme, count(*), count(DISTINCT n), sum(payout) "
        "FROM gen_claims GROUP BY site, month, scheme"
    )
    return {(s, m, sc): (c, p, int(f)) for s, m, sc, c, p, f in cur.fetchall()}


def _figures(
    site: int, month: int, sums: dict[tuple[int, int, str], tuple[int, int, int]], skew: int
) -> dict[str, Any]:
    code, name = COUNTIES[site - 1]
    rows = []
    totals: dict[str, Any] = {h: 0 for h in SUMMARY_HEADERS[2:-1]}
    for scheme, scheme_name in SCHEMES.items():
        n, people, fen = sums.get((site, month, scheme), (0, 0, 0))
        paid = Decimal(fen + skew) / 100
        row: dict[str, Any] = {
            "方案编码": scheme, "方案名称": scheme_name, "本月新增参保人数": 0,
            "期内累计参保人数": 290000, "本月互助金收入": "0.00",
            "期内累计互助金收入": "17400000.00", "本月受理件数": n, "本月给付人数": people,
            "本月给付人次": n, "本月医疗费总额": str(paid * 6), "本月给付金额": str(paid),
            "期内累计给付金额": str(paid * month),
        }  # fmt: skip
        row["资金使用率"] = str((paid * month / Decimal("17400000.00")).quantize(Decimal("0.0001")))
        for h in totals:
            totals[h] += Decimal(str(row[h])) if isinstance(row[h], str) else row[h]
        rows.append(row)
    rows.append(
        {
            "方案编码": TOTAL,
            "方案名称": "合计",
            **{h: str(v) if h in SUMMARY_MONEY else v for h, v in totals.items()},
        }
    )
    return {"county_code": code, "county_name": name, "summary": rows}


def _returns(engine: Engine, sums: dict[tuple[int, int, str], tuple[int, int, int]]) -> None:
    """Every site's submitted return of every month (kept versions and their records)."""
    content = b"PK\x03\x04" + hashlib.sha256(b"return").digest() * 600  # a workbook's size
    versions, records = [], []
    for site in range(1, 17):
        for month in range(1, 13):
            uid = hashlib.md5(f"return-{site}-{month}".encode()).hexdigest()
            for revision in (1, 2) if site <= RESUBMITTED else (1,):
                last = revision == 2 or site > RESUBMITTED
                figures = _figures(site, month, sums, 0 if last else 12345)
                row = {
                    "uid": uid, "month": f"2026-{month:02d}", "revision": revision,
                    "status": "submitted", "file_name": f"月报-2026-{month:02d}-{revision}.xlsx",
                    "sha256": hashlib.sha256(json.dumps(figures).encode()).hexdigest(),
                }  # fmt: skip
                seq = 10_000_000 + month * 10 + revision
                versions.append(
                    {**row, "site_id": site, "version": revision, "desk_seq": seq,
                     "figures": figures, "content": content}
                )  # fmt: skip
                if last:
                    data = {**row, "version": revision, "figures": figures,
                            "content": base64.b64encode(content).decode()}  # fmt: skip
                    records.append(
                        {"uid": uid, "entity": "monthly_return", "site_id": site,
                         "last_seq": seq, "version": revision, "deleted": False, "data": data}
                    )  # fmt: skip
    with transaction(sessions(engine)) as s:
        s.execute(insert(ReturnVersion), versions)
        s.execute(insert(Record), records)
