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
from itertools import combinations
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.errors import Message, msg
from city_server.models import EnrollmentKey, FeedItem, Finding, MemberKey, ReceiptKey, Record, Site
from city_server.sites import county_of

CHUNK = 500


def mask_id(number: str) -> str:
    return number[:6] + "*" * 8 + number[-4:] if len(number) == 18 else "*" * len(number)


def _parts(items: list[str]) -> list[list[str]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def detect(session: Session, *, receipts: set[str], member_uids: set[str]) -> int:
    """Look for findings touching these invoice numbers and members; returns how many are new."""
    new = 0
    if receipts:
        groups: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
        for part in _parts(sorted(receipts)):
            for hospital, invoice, site_id, uid in session.execute(
                select(
                    ReceiptKey.hospital, ReceiptKey.invoice_no, ReceiptKey.site_id, ReceiptKey.uid
                ).where(ReceiptKey.invoice_no.in_(part))
            ):
                groups[(hospital, invoice)].append((site_id, uid))
        for (hospital, invoice), entries in _across_sites(session, groups).items():
            new += _report_pairs(
                session,
                "duplicate_receipt",
                f"{hospital}|{invoice}",
                {"hospital": hospital, "invoice_no": invoice},
                entries,
            )
    if member_uids:
        keys: set[tuple[str, str]] = set()
        for part in _parts(sorted(member_uids)):
            keys.update(
                session.execute(
                    select(MemberKey.id_number, EnrollmentKey.scheme_code)
                    .join(MemberKey, MemberKey.uid == EnrollmentKey.member_uid)
                    .where(EnrollmentKey.member_uid.in_(part))
                )
            )
        if keys:
            egroups: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
            for part in _parts(sorted({k[0] for k in keys})):
                for id_number, scheme, site_id, uid in session.execute(
                    select(
                        MemberKey.id_number,
                        EnrollmentKey.scheme_code,
                        EnrollmentKey.site_id,
                        EnrollmentKey.uid,
                    )
                    .join(MemberKey, MemberKey.uid == EnrollmentKey.member_uid)
                    .where(MemberKey.id_number.in_(part))
                ):
                    if (id_number, scheme) in keys:
                        egroups[(id_number, scheme)].append((site_id, uid))
            for (id_number, scheme), entries in _across_sites(session, egroups).items():
                new += _report_pairs(
                    session,
                    "double_enrollment",
                    f"{id_number}|{scheme}",
                    {"id_number_masked": mask_id(id_number), "scheme_code": scheme},
                    entries,
                )
    return new


def _across_sites(
    session: Session, groups: dict[tuple[str, str], list[tuple[int, str]]]
) -> dict[tuple[str, str], list[tuple[int, str]]]:
    """The groups whose records live at the city (pushed, not deleted) under two sites or more.

    Most keys of a push are held by one site only (a county's first sync: every one of them);
    those are dropped before anything is read per record, and the rest are checked live in
    one query per chunk, not one per record."""
    multi = {k: e for k, e in groups.items() if len({site for site, _ in e}) > 1}
    uids = sorted({uid for e in multi.values() for _, uid in e})
    live: set[str] = set()
    for part in _parts(uids):
        live.update(
            session.execute(
                select(Record.uid).where(Record.uid.in_(part), Record.deleted.is_(False))
            ).scalars()
        )
    out = {}
    for k, e in multi.items():
        kept = [(site, uid) for site, uid in e if uid in live]
        if len({site for site, _ in kept}) > 1:
            out[k] = kept
    return out


def _report_pairs(
    session: Session,
    kind: str,
    key: str,
    key_detail: dict[str, Any],
    entries: list[tuple[int, str]],
) -> int:
    """``entries`` are live records (see :func:`_across_sites`)."""
    by_site: dict[int, list[str]] = defaultdict(list)
    for site_id, uid in entries:
        by_site[site_id].append(uid)
    if len(by_site) < 2:
        return 0
    new = 0
    for a, b in combinations(sorted(by_site), 2):
        exists = session.execute(
            select(Finding.id).where(
                Finding.kind == kind, Finding.key == key, Finding.site_a == a, Finding.site_b == b
            )
        ).first()
        if exists:
            continue
        described = {s: [_describe(session, kind, s, u) for u in by_site[s]] for s in (a, b)}
        finding = Finding(
            kind=kind,
            key=key[:300],
            site_a=a,
            site_b=b,
            detail={**key_detail, "entries": described[a] + described[b]},
        )
        session.add(finding)
        session.flush()
        for me, other in ((a, b), (b, a)):
            summary = _summary(kind, key_detail, described[me][0], described[other][0])
            session.add(
                FeedItem(
                    kind="finding",
                    key=str(finding.id),
                    site_id=me,
                    data={
                        "finding_id": finding.id,
                        "kind": kind,
                        **key_detail,
                        "summary": {"zh": summary.zh, "en": summary.en},
                        "mine": described[me],
                        "other": [_for_another_county(kind, d) for d in described[other]],
                    },
                )
            )
        new += 1
    return new


# What another county may learn of a record: where, and for an enrollment since when.
_SHARED = {
    "duplicate_receipt": ("site", "site_name"),
    "double_enrollment": ("site", "site_name", "scheme_code", "enrolled_on"),
}


def _for_another_county(kind: str, described: dict[str, Any]) -> dict[str, Any]:
    return {k: described.get(k) for k in _SHARED[kind]}


def _data(session: Session, uid: str | None) -> dict[str, Any]:
    if not uid:
        return {}
    rec = session.get(Record, uid)
    return rec.data if rec is not None and isinstance(rec.data, dict) else {}


def _describe(session: Session, kind: str, site_id: int, uid: str) -> dict[str, Any]:
    site = session.get(Site, site_id)
    out: dict[str, Any] = {
        "site": site.code if site else "?",
        "site_name": site.name if site else "?",
    }
    if kind == "duplicate_receipt":
        receipt = _data(session, uid)
        claim = _data(session, receipt.get("claim_uid"))
        member = _data(session, claim.get("member_uid"))
        out.update(
            receipt_uid=uid,
            claim_uid=receipt.get("claim_uid"),
            claim_no=claim.get("claim_no"),
            claim_status=claim.get("status"),
            total=receipt.get("total"),
            member_uid=claim.get("member_uid"),
            member_name=member.get("name"),
            id_number_masked=mask_id(str(member.get("id_number", ""))),
        )
    else:
        enrollment = _data(session, uid)
        member = _data(session, enrollment.get("member_uid"))
        out.update(
            enrollment_uid=uid,
            member_uid=enrollment.get("member_uid"),
            member_name=member.get("name"),
            id_number_masked=mask_id(str(member.get("id_number", ""))),
            scheme_code=enrollment.get("scheme_code"),
            enrolled_on=enrollment.get("enrolled_on"),
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
