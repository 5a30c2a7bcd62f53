"""Cross-county findings: what the city sees that no single desk can.

- ``duplicate_receipt``: one invoice (hospital + invoice number) used in claims of two sites.
- ``double_enrollment``: one person (resident ID number) enrolled in one scheme at two sites.
- ``return_county``: a monthly return whose figures name another county than the one its site is
  registered for; it is refused (not kept, never consolidated) and the site is told.

A finding is made once per pair of sites and key, and put in the feed of both sites, each with
a summary written from its own side. Nothing is merged or changed: the people at the two desks
sort it out.

A desk learns only what it needs to act, and only about records it really holds (live at the
city under its site, not deleted): its own records in full ("mine"), and of the other county
nothing personal ("other": which county, and for an enrollment since when; for a receipt only
that it was claimed there) — never the other county's member name, claim number or status, or
amounts (PIPL's least exposure; otherwise pushing any ID number would tell whether, and as
whom, that person is enrolled elsewhere). The city's own ``Finding.detail`` keeps both sides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

from sqlalchemy import ColumnElement, func, insert, null, select
from sqlalchemy.orm import Session, aliased

from base.errors import Message, msg
from city_server.models import EnrollmentKey, FeedItem, Finding, MemberKey, ReceiptKey, Record, Site
from city_server.sites import county_of

CHUNK = 500
Key = tuple[str, str]  # (hospital, invoice number) or (ID number, scheme code)
Entries = dict[Key, list[tuple[int, str]]]  # key → (site id, uid) of the live records


def mask_id(number: str) -> str:
    return number[:6] + "*" * 8 + number[-4:] if len(number) == 18 else "*" * len(number)


def _parts(items: Iterable[str]) -> list[list[str]]:
    ordered = sorted(set(items))
    return [ordered[i : i + CHUNK] for i in range(0, len(ordered), CHUNK)]


def _several_sites(site_id: Any) -> ColumnElement[bool]:
    return func.min(site_id) != func.max(site_id)


def detect(session: Session, *, receipts: set[str], member_uids: set[str]) -> int:
    """Look for findings touching these invoice numbers and members; returns how many are new.

    Set-wise: per part of the keys, one query for the keys held at two sites or more, one for
    their live records, one for what the findings say of them."""
    new = 0
    for part in _parts(receipts):
        new += _report(session, "duplicate_receipt", _receipt_entries(session, part))
    for part in _parts(member_uids):
        touched = {
            (id_number, scheme)
            for id_number, scheme in session.execute(
                select(MemberKey.id_number, EnrollmentKey.scheme_code)
                .join(MemberKey, MemberKey.uid == EnrollmentKey.member_uid)
                .where(EnrollmentKey.member_uid.in_(part))
            )
        }
        # Only the pairs enrolled at two sites or more are read with their records (a county's
        # first sync holds almost none: the keys' index answers without touching a record).
        twice = _at_several_sites(session, {id_number for id_number, _scheme in touched}) & touched
        ids = sorted({id_number for id_number, _scheme in twice})
        new += _report(session, "double_enrollment", _enrollment_entries(session, ids, twice))
    return new


def _at_several_sites(session: Session, ids: set[str]) -> set[Key]:
    """The (ID number, scheme) pairs among these ID numbers enrolled at two sites or more."""
    out: set[Key] = set()
    for part in _parts(ids):
        out.update(
            session.execute(
                select(MemberKey.id_number, EnrollmentKey.scheme_code)
                .join(MemberKey, MemberKey.uid == EnrollmentKey.member_uid)
                .where(MemberKey.id_number.in_(part))
                .group_by(MemberKey.id_number, EnrollmentKey.scheme_code)
                .having(_several_sites(EnrollmentKey.site_id))
            ).tuples()
        )
    return out


def sweep(session: Session) -> int:
    """Every finding the city's records hold that was not made yet: what :func:`detect` finds
    over every invoice and every member, in a few queries over the key tables (the city's
    check after its counties' first full syncs, and of the benchmark)."""
    new = _report(session, "duplicate_receipt", _receipt_entries(session, None))
    # A person enrolled at two sites has two member records with one ID number (each desk
    # pushes its own), or, were a member uid ever pushed by two sites, one member uid with
    # enrollments at two sites: those ID numbers are the only candidates.
    twice = select(MemberKey.id_number).group_by(MemberKey.id_number).having(func.count() > 1)
    shared = (
        select(MemberKey.id_number)
        .join(EnrollmentKey, EnrollmentKey.member_uid == MemberKey.uid)
        .where(
            EnrollmentKey.member_uid.in_(
                select(EnrollmentKey.member_uid)
                .group_by(EnrollmentKey.member_uid)
                .having(_several_sites(EnrollmentKey.site_id))
            )
        )
    )
    ids = sorted(set(session.execute(twice.union(shared)).scalars()))
    return new + _report(session, "double_enrollment", _enrollment_entries(session, ids, None))


def _receipt_entries(session: Session, invoices: list[str] | None) -> Entries:
    """The live receipts of every (hospital, invoice) claimed at two sites or more, among these
    invoice numbers (``None``: all of them)."""
    groups = (
        select(ReceiptKey.hospital, ReceiptKey.invoice_no)
        .group_by(ReceiptKey.invoice_no, ReceiptKey.hospital)
        .having(_several_sites(ReceiptKey.site_id))
    )
    if invoices is not None:
        groups = groups.where(ReceiptKey.invoice_no.in_(invoices))
    keys = {(hospital, invoice) for hospital, invoice in session.execute(groups)}
    out: Entries = defaultdict(list)
    for part in _parts(invoice for _hospital, invoice in keys):
        for hospital, invoice, site_id, uid in session.execute(
            select(ReceiptKey.hospital, ReceiptKey.invoice_no, ReceiptKey.site_id, ReceiptKey.uid)
            .join(Record, Record.uid == ReceiptKey.uid)
            .where(ReceiptKey.invoice_no.in_(part), Record.deleted.is_(False))
        ):
            if (hospital, invoice) in keys:
                out[(hospital, invoice)].append((site_id, uid))
    return out


def _enrollment_entries(session: Session, ids: list[str], only: set[Key] | None) -> Entries:
    """The live enrollments of every (ID number, scheme) enrolled at two sites or more, among
    these ID numbers (and, given ``only``, these pairs)."""
    out: Entries = defaultdict(list)
    for part in _parts(ids):
        for id_number, scheme, site_id, uid in session.execute(
            select(
                MemberKey.id_number,
                EnrollmentKey.scheme_code,
                EnrollmentKey.site_id,
                EnrollmentKey.uid,
            )
            .join(MemberKey, MemberKey.uid == EnrollmentKey.member_uid)
            .join(Record, Record.uid == EnrollmentKey.uid)
            .where(MemberKey.id_number.in_(part), Record.deleted.is_(False))
        ):
            if only is None or (id_number, scheme) in only:
                out[(id_number, scheme)].append((site_id, uid))
    return out


def _key(kind: str, key: Key) -> tuple[str, dict[str, Any]]:
    """A finding's key (as kept, at most 300 characters) and what it says of it."""
    if kind == "duplicate_receipt":
        return f"{key[0]}|{key[1]}"[:300], {"hospital": key[0], "invoice_no": key[1]}
    return f"{key[0]}|{key[1]}"[:300], {"id_number_masked": mask_id(key[0]), "scheme_code": key[1]}


def _report(session: Session, kind: str, entries: Entries) -> int:
    """A finding per pair of sites and key not reported yet, in the feed of both sites."""
    by_site: dict[Key, dict[int, list[str]]] = {}
    for key, found in entries.items():
        sites: dict[int, list[str]] = defaultdict(list)
        for site_id, uid in sorted(found):
            sites[site_id].append(uid)
        if len(sites) >= 2:
            by_site[key] = sites
    if not by_site:
        return 0
    made = _made(session, kind, [_key(kind, k)[0] for k in by_site])
    todo = [
        (key, a, b)
        for key in sorted(by_site)
        for a, b in combinations(sorted(by_site[key]), 2)
        if (_key(kind, key)[0], a, b) not in made
    ]
    if not todo:
        return 0
    uids = {u for key, a, b in todo for s in (a, b) for u in by_site[key][s]}
    described = _describe_all(session, kind, uids)
    rows: list[dict[str, Any]] = []
    feed: list[dict[str, Any]] = []
    for key, a, b in todo:
        text, key_detail = _key(kind, key)
        sides = {s: [described[u] for u in by_site[key][s]] for s in (a, b)}
        detail = {**key_detail, "entries": sides[a] + sides[b]}
        rows.append({"kind": kind, "key": text, "site_a": a, "site_b": b, "detail": detail})
        for me, other in ((a, b), (b, a)):
            summary = _summary(kind, key_detail, sides[me][0], sides[other][0])
            feed.append(
                {
                    "kind": "finding",
                    "site_id": me,
                    "data": {
                        "kind": kind,
                        **key_detail,
                        "summary": {"zh": summary.zh, "en": summary.en},
                        "mine": sides[me],
                        "other": [_for_another_county(kind, d) for d in sides[other]],
                    },
                }
            )
    # Set-wise: one INSERT … RETURNING for the findings, one for the feed items.
    ids = session.execute(
        insert(Finding).returning(Finding.id, sort_by_parameter_order=True), rows
    ).scalars()
    for n, finding_id in enumerate(ids):
        for item in feed[2 * n : 2 * n + 2]:
            item["key"] = str(finding_id)
            item["data"] = {"finding_id": finding_id, **item["data"]}
    session.execute(insert(FeedItem), feed)
    return len(rows)


def _made(session: Session, kind: str, keys: list[str]) -> set[tuple[str, int, int]]:
    """The (key, site_a, site_b) of the findings of ``kind`` already made for these keys."""
    out: set[tuple[str, int, int]] = set()
    for part in _parts(keys):
        out.update(
            (key, a, b)
            for key, a, b in session.execute(
                select(Finding.key, Finding.site_a, Finding.site_b).where(
                    Finding.kind == kind, Finding.key.in_(part)
                )
            )
        )
    return out


# What another county may learn of a record: where, and for an enrollment since when.
_SHARED = {
    "duplicate_receipt": ("site", "site_name"),
    "double_enrollment": ("site", "site_name", "scheme_code", "enrolled_on"),
}


def _for_another_county(kind: str, described: dict[str, Any]) -> dict[str, Any]:
    return {k: described.get(k) for k in _SHARED[kind]}


def _doc(data: Any) -> dict[str, Any]:
    return data if isinstance(data, dict) else {}


def _describe_all(session: Session, kind: str, uids: set[str]) -> dict[str, dict[str, Any]]:
    """What the city says of each record (a receipt with its claim and member, or an
    enrollment with its member), one query per part of the uids."""
    sites = {s.id: s for s in session.execute(select(Site)).scalars()}
    rec, parent, member = aliased(Record), aliased(Record), aliased(Record)
    out: dict[str, dict[str, Any]] = {}
    if kind == "duplicate_receipt":
        stmt = (
            select(rec.uid, rec.site_id, rec.data, parent.data, member.data)
            .outerjoin(parent, parent.uid == rec.data["claim_uid"].as_string())
            .outerjoin(member, member.uid == parent.data["member_uid"].as_string())
        )
    else:  # an enrollment's parent is its member
        stmt = select(rec.uid, rec.site_id, rec.data, parent.data, null()).outerjoin(
            parent, parent.uid == rec.data["member_uid"].as_string()
        )
    for part in _parts(uids):
        for uid, site_id, data, parent_data, member_data in session.execute(
            stmt.where(rec.uid.in_(part))
        ):
            own, up = _doc(data), _doc(parent_data)
            out[uid] = _describe(kind, sites.get(site_id), uid, own, up, _doc(member_data))
    return out


def _describe(
    kind: str,
    site: Site | None,
    uid: str,
    own: dict[str, Any],
    parent: dict[str, Any],
    member: dict[str, Any],
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "site": site.code if site else "?",
        "site_name": site.name if site else "?",
    }
    if kind == "duplicate_receipt":
        claim = parent if own.get("claim_uid") else {}
        member = member if claim.get("member_uid") else {}
        out.update(
            receipt_uid=uid,
            claim_uid=own.get("claim_uid"),
            claim_no=claim.get("claim_no"),
            claim_status=claim.get("status"),
            total=own.get("total"),
            member_uid=claim.get("member_uid"),
            member_name=member.get("name"),
            id_number_masked=mask_id(str(member.get("id_number", ""))),
        )
    else:
        member = parent if own.get("member_uid") else {}
        out.update(
            enrollment_uid=uid,
            member_uid=own.get("member_uid"),
            member_name=member.get("name"),
            id_number_masked=mask_id(str(member.get("id_number", ""))),
            scheme_code=own.get("scheme_code"),
            enrolled_on=own.get("enrolled_on"),
        )
    return out


def _summary(
    kind: str, key: dict[str, Any], mine: dict[str, Any], other: dict[str, Any]
) -> Message:
    if kind == "duplicate_receipt":
        return msg(
            "重复票据：{h} 票据号 {i} 已在 {o}（{oc}）申请过理赔，本服务点理赔 {mcl} 也用了它",
            "duplicate receipt: {h} invoice {i} was already claimed in {o} ({oc}); "
            "this desk used it in claim {mcl}",
            h=key["hospital"],
            i=key["invoice_no"],
            o=other["site_name"],
            oc=other["site"],
            mcl=mine.get("claim_no") or "?",
        )
    since = other.get("enrolled_on")
    return msg(
        "重复参保：{n}（{id}）自 {d} 起已在 {o}（{oc}）参加方案 {s}",
        "double enrollment: {n} ({id}) is already enrolled in scheme {s} in {o} ({oc}) since {d}",
        n=mine.get("member_name") or "?",
        id=key["id_number_masked"],
        o=other["site_name"],
        oc=other["site"],
        s=key["scheme_code"],
        d=since or "?",
    )


def site_county(site: Site) -> str:
    """The county a site's returns are filed under: its registration, never their figures."""
    return site.county_code or county_of(site.code)


def foreign_county_returns(
    session: Session, site: Site, returns: list[tuple[str, dict[str, Any]]]
) -> set[str]:
    """The returns (uid, record) whose figures name another county than the site's: refused,
    each with a finding in the site's feed (once per return version). Returns their uids."""
    mine = site_county(site)
    refused: set[str] = set()
    for uid, data in returns:
        figures = data.get("figures")
        named = str(figures.get("county_code") or "").strip() if isinstance(figures, dict) else ""
        if not named or named == mine:
            continue
        refused.add(uid)
        detail = {"return_uid": uid, "month": data.get("month"), "named": named, "county": mine}
        summary = msg(
            "{m} 月报填写的区县代码是 {n}，本服务点登记的区县是 {c}：市总工会未接收该月报，"
            "请核对本机的区县代码设置后重新导出报送",
            "the return of {m} names county {n}, but this desk is registered for county {c}: "
            "the city did not take it; check the desk's county code, export and submit again",
            m=data.get("month"),
            n=named,
            c=mine,
        )
        site_finding(
            session, site, "return_county", f"{uid}|{data.get('version')}", detail, summary
        )
    return refused


def site_finding(
    session: Session, site: Site, kind: str, key: str, detail: dict[str, Any], summary: Message
) -> bool:
    """A finding about one site (kept at the city, put in that site's feed) once per key;
    returns whether it is new."""
    key = key[:300]
    exists = session.execute(
        select(Finding.id).where(
            Finding.kind == kind, Finding.key == key, Finding.site_a == site.id
        )
    ).first()
    if exists:
        return False
    finding = Finding(kind=kind, key=key, site_a=site.id, site_b=site.id, detail=detail)
    session.add(finding)
    session.flush()
    session.add(
        FeedItem(
            kind="finding",
            key=str(finding.id),
            site_id=site.id,
            data={
                "finding_id": finding.id,
                "kind": kind,
                **detail,
                "summary": {"zh": summary.zh, "en": summary.en},
            },
        )
    )
    return True
