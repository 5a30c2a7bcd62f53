"""The domain's codes are declared once (desk_app.terms). The two layers below the services
that cannot import them keep their own copy: the printed forms (printing/) and the database's
CHECK constraints (db/, as the migrations wrote them). These tests hold both to the one
declaration, so a code added to the domain cannot be missing on paper or refused by the
database."""

from __future__ import annotations

import re
from dataclasses import fields

from sqlalchemy import CheckConstraint

from db.models import Claim
from desk_app.claims.model import STATUSES
from desk_app.terms import (
    AMOUNT_FIELDS,
    CLAIM_KIND_NAMES,
    CLAIM_KINDS,
    COMPONENT_NAMES,
    COMPONENTS,
    REASON_NAMES,
    REASONS,
    zh,
)
from printing import data as printed


def _allowed(column: str) -> tuple[str, ...]:
    for c in Claim.__table__.constraints:
        if isinstance(c, CheckConstraint):
            m = re.fullmatch(rf"{column} IN \((.*)\)", str(c.sqltext))
            if m:
                return tuple(re.findall(r"'([^']*)'", m.group(1)))
    raise AssertionError(f"no CHECK on claims.{column}")


def test_every_code_has_its_names():
    assert set(COMPONENT_NAMES) == set(COMPONENTS)
    assert set(CLAIM_KIND_NAMES) == set(CLAIM_KINDS)
    assert set(REASON_NAMES) == set(REASONS)


def test_the_printed_forms_know_the_domains_codes_by_the_same_names():
    assert zh(CLAIM_KIND_NAMES) == printed.CLAIM_KINDS
    assert printed.REASON_CODES == REASONS
    assert tuple(code for code, _name in printed.RECEIPT_COLUMNS) == AMOUNT_FIELDS
    receipt = tuple(f.name for f in fields(printed.Receipt))
    assert receipt == ("invoice_no", *AMOUNT_FIELDS, "hospital")


def test_the_database_accepts_every_claim_kind_and_status_and_nothing_else():
    assert _allowed("kind") == CLAIM_KINDS
    assert _allowed("status") == STATUSES
