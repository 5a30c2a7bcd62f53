"""Words for people's data as the window shows them: gender, categories, medical insurance
type, claim kinds and states, scheme origins, dates and money. Every word is translated (the
English source in context ``People``); codes unknown to the window are shown as they are."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from base.money import fmt
from ui.texts import QT_TRANSLATE_NOOP

GENDERS = {"M": QT_TRANSLATE_NOOP("People", "Male"), "F": QT_TRANSLATE_NOOP("People", "Female")}
CATEGORIES = {
    "hardship": QT_TRANSLATE_NOOP("People", "Hardship"),
    "model_worker": QT_TRANSLATE_NOOP("People", "Model worker"),
    "female": QT_TRANSLATE_NOOP("People", "Female worker"),
}
MEDICAL_TYPES = {
    "employee": QT_TRANSLATE_NOOP("People", "Urban employee insurance"),
    "resident": QT_TRANSLATE_NOOP("People", "Urban-rural resident insurance"),
}
CLAIM_KINDS = {
    "inpatient": QT_TRANSLATE_NOOP("People", "Inpatient"),
    "outpatient": QT_TRANSLATE_NOOP("People", "Outpatient"),
    "death": QT_TRANSLATE_NOOP("People", "Death"),
}
CLAIM_STATES = {
    "draft": QT_TRANSLATE_NOOP("People", "Being entered"),
    "submitted": QT_TRANSLATE_NOOP("People", "Waiting for review"),
    "approved": QT_TRANSLATE_NOOP("People", "Approved"),
    "rejected": QT_TRANSLATE_NOOP("People", "Not payable"),
    "paid": QT_TRANSLATE_NOOP("People", "Paid"),
    "reported": QT_TRANSLATE_NOOP("People", "Reported"),
}
ORIGINS = {
    "file": QT_TRANSLATE_NOOP("People", "Loaded from a file"),
    "city": QT_TRANSLATE_NOOP("People", "Sent by the city"),
}


def _t(table: dict[str, str], code: str | None) -> str:
    if not code:
        return ""
    source = table.get(code)
    return QCoreApplication.translate("People", source) if source else code


def gender_text(code: str | None) -> str:
    return _t(GENDERS, code)


def category_text(code: str) -> str:
    return _t(CATEGORIES, code)


def categories_text(codes: tuple[str, ...] | list[str]) -> str:
    return "、".join(category_text(c) for c in codes)


def medical_text(code: str | None) -> str:
    return _t(MEDICAL_TYPES, code)


def claim_kind_text(code: str | None) -> str:
    return _t(CLAIM_KINDS, code)


def claim_state_text(code: str | None) -> str:
    return _t(CLAIM_STATES, code)


def origin_text(code: str | None) -> str:
    return _t(ORIGINS, code)


def day_text(d: date | None) -> str:
    return d.isoformat() if d is not None else ""


def period_text(start: date, end: date) -> str:
    """``2026-01-01～12-31`` within a year, ``2015-10-01～2016-09-30`` across two."""
    if start.year == end.year:
        return f"{start:%Y-%m-%d}～{end:%m-%d}"
    return f"{start:%Y-%m-%d}～{end:%Y-%m-%d}"


def money_text(amount: Decimal | None) -> str:
    """``1,830.39``; empty for no amount."""
    return fmt(amount)


def yes_no(value: bool) -> str:
    return QCoreApplication.translate("People", "Yes" if value else "No")


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


# lupdate sees the two words of yes_no here.
_YES_NO = (QT_TRANSLATE_NOOP("People", "Yes"), QT_TRANSLATE_NOOP("People", "No"))
