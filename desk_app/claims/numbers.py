"""Claim numbers, approval numbers, and the normal form of invoice numbers and hospitals.

- Claim number (申请编号) ``LP2015-000123``: given when a claim is first saved, a running number
  per calendar year of the desk's day, never reused. A deleted draft leaves its number unused.
- Approval number (审批编号) ``SP2015-000045``: given at the first approval, running per
  calendar year without gaps, never reused. A claim keeps its approval number when the approval
  is taken back (回退) and gets the same number if approved again: a form printed with it may
  already be in the paper archive.

An invoice number is unique per hospital across all claims ever (重复报销 otherwise), so both are
stored in one normal form and compared in it: NFKC (full-width letters, digits and brackets to
half-width), no spaces at all, upper-case. A hospital name that matches an entry of the hospital
list in that form is stored as the list spells it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.clock import today
from db.models import Counter, Hospital
from desk_app.system import counters
from desk_app.terms import invoice_key as invoice_key

CLAIM_PREFIX = "LP"
APPROVAL_PREFIX = "SP"
SUBMIT_SEQ = "claim_submit"
_NUMBER = re.compile(r"^(LP|SP)(\d{4})-?(\d{1,6})$")
_SPACES = re.compile(r"\s+")


def next_claim_no(session: Session, on: date | None = None) -> str:
    """``LP2015-000123``: the next claim number of the desk day's year."""
    year = (on or today()).year
    return f"{CLAIM_PREFIX}{year}-{counters.next_value(session, f'claim:{year}'):06d}"


def next_approval_no(session: Session, on: date | None = None) -> str:
    """``SP2015-000045``: the next approval number of the desk day's year (gap-free)."""
    year = (on or today()).year
    return f"{APPROVAL_PREFIX}{year}-{counters.next_value(session, f'approval:{year}'):06d}"


def reserve(session: Session, name: str, n: int) -> int:
    """Take ``n`` numbers of a named sequence at once (a bulk import); the first of them.
    Same counter and same transaction as :func:`desk_app.system.counters.next_value`, so the numbers
    stay gap-free."""
    first = counters.next_value(session, name)
    if n > 1:
        row = session.get(Counter, name)
        assert row is not None
        row.value += n - 1
        session.flush()
    return first


def claim_numbers(session: Session, n: int, on: date | None = None) -> list[str]:
    """``n`` consecutive claim numbers of the desk day's year."""
    year = (on or today()).year
    first = reserve(session, f"claim:{year}", n)
    return [f"{CLAIM_PREFIX}{year}-{first + i:06d}" for i in range(n)]


def approval_numbers(session: Session, n: int, on: date | None = None) -> list[str]:
    """``n`` consecutive approval numbers of the desk day's year (batch approval)."""
    year = (on or today()).year
    first = reserve(session, f"approval:{year}", n)
    return [f"{APPROVAL_PREFIX}{year}-{first + i:06d}" for i in range(n)]


def next_submit_seq(session: Session) -> int:
    """The next place in the order claims are counted (one sequence for the desk, never
    reset: it must not depend on the PC's clock)."""
    return counters.next_value(session, SUBMIT_SEQ)


def clean_number(text: str) -> str:
    """A claim or approval number as typed (``lp2015-123``, full width, spaces) in its stored
    form (``LP2015-000123``); other text is returned normalised but otherwise as is."""
    t = _SPACES.sub("", unicodedata.normalize("NFKC", text or "")).upper()
    m = _NUMBER.match(t)
    if m:
        return f"{m[1]}{m[2]}-{int(m[3]):06d}"
    return t


def hospital_key(text: str | None) -> str:
    """A hospital name as compared: NFKC, no spaces, upper-case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or "")).upper()


class HospitalNames:
    """The hospital list by normal form, to store a typed name as the list spells it."""

    def __init__(self, session: Session) -> None:
        self._by_key: dict[str, str] = {}
        for (name,) in session.execute(select(Hospital.name).order_by(Hospital.id)):
            self._by_key.setdefault(hospital_key(name), name)

    def canonical(self, text: str | None) -> str:
        """The stored form of a hospital name (a function of its normal form alone, so the
        database's unique (hospital, invoice) constraint holds for the normal forms)."""
        key = hospital_key(text)
        return self._by_key.get(key, key)


def canonical_hospital(session: Session, text: str | None) -> str:
    """One name's stored form. A name picked from the completer is found by one index probe;
    only a name typed differently reads the whole list (once per transaction)."""
    key = hospital_key(text)
    if not key:
        return ""
    seen: dict[str, str] = session.info.setdefault("claims.hospital_seen", {})
    hit = seen.get(key)
    if hit is not None:
        return hit
    exact = session.execute(
        select(Hospital.name).where(Hospital.name == (text or "").strip())
    ).scalar_one_or_none()
    if exact is not None and hospital_key(exact) == key:
        seen[key] = exact
        return exact
    names = session.info.get("claims.hospitals")
    if names is None:
        names = session.info["claims.hospitals"] = HospitalNames(session)
    seen[key] = names.canonical(text)
    return seen[key]
