"""The domain's codes and their names, declared once for every part of the desk: the receipt
components (SCHEMES.md), the amounts of a receipt, the claim kinds, the engine's rejection
reasons and the member categories the desk knows by name.

Names are ``(Chinese, English)`` pairs, as a :class:`base.errors.Message` holds them: the core
puts them into messages, files and printed forms; the window shows the half of its language.
Nothing here imports anything of the desk's: every layer of ``desk_app`` may use it.
(``printing`` sits below the services and keeps the names it prints;
``tests/unit/test_terms.py`` holds it to these.)
"""

from __future__ import annotations

import re
import unicodedata

# The seven receipt components, in the order of a Chinese settlement slip.
COMPONENTS: tuple[str, ...] = (
    "fund_paid",
    "other_paid",
    "deductible",
    "copay",
    "over_cap",
    "class_b",
    "self_funded",
)
COMPONENT_NAMES: dict[str, tuple[str, str]] = {
    "fund_paid": ("统筹基金支付", "fund paid"),
    "other_paid": ("其他支付", "other paid"),
    "deductible": ("起付标准自付", "deductible"),
    "copay": ("按比例自付", "co-payment"),
    "over_cap": ("超封顶线自付", "amount over the cap"),
    "class_b": ("自付二", "class B share"),
    "self_funded": ("自费", "self-funded"),
}
# 个人自付: the five components the member paid (a return's 给付明细 and the review screen sum
# them).
SELF_PAID: tuple[str, ...] = ("deductible", "copay", "over_cap", "class_b", "self_funded")
# A receipt's amounts: its total, then the seven components.
AMOUNT_FIELDS: tuple[str, ...] = ("total", *COMPONENTS)
AMOUNT_NAMES: dict[str, tuple[str, str]] = {"total": ("医疗费总额", "total"), **COMPONENT_NAMES}

CLAIM_KINDS: tuple[str, ...] = ("inpatient", "outpatient", "death")
CLAIM_KIND_NAMES: dict[str, tuple[str, str]] = {
    "inpatient": ("住院", "inpatient"),
    "outpatient": ("门诊", "outpatient"),
    "death": ("身故", "death"),
}
# The dates each kind of claim needs: a stay's admission and discharge, a visit's day, the
# day of death.
KIND_DATES: dict[str, tuple[str, ...]] = {
    "inpatient": ("admission", "discharge"),
    "outpatient": ("visit_date",),
    "death": ("event_date",),
}

DATE_NAMES: dict[str, tuple[str, str]] = {
    "admission": ("入院日期", "admission date"),
    "discharge": ("出院日期", "discharge date"),
    "visit_date": ("就诊日期", "visit date"),
    "event_date": ("身故日期", "date of death"),
}

# Reasons the engine rejects a claim, in the order they are checked (SCHEMES.md, Eligibility).
REASONS: tuple[str, ...] = (
    "invalid_receipt",
    "outside_period",
    "not_enrolled",
    "waiting_period",
    "cap_reached",
    "not_covered",
)
REASON_NAMES: dict[str, tuple[str, str]] = {
    "invalid_receipt": ("票据或日期有误", "receipts or dates are wrong"),
    "outside_period": ("不在保障期内", "outside the coverage period"),
    "not_enrolled": ("出险时尚未参保", "not yet enrolled on the covered date"),
    "waiting_period": ("观察期内", "within the waiting period"),
    "cap_reached": ("已达年度封顶", "the annual cap is reached"),
    "not_covered": ("不属保障范围", "not covered by the scheme"),
}

# The member categories the desk knows by name (a scheme's uplift may name others).
CATEGORIES: tuple[str, ...] = ("hardship", "model_worker", "female")
CATEGORY_NAMES: dict[str, tuple[str, str]] = {
    "hardship": ("困难职工", "hardship"),
    "model_worker": ("劳模", "model worker"),
    "female": ("女职工", "female worker"),
}


def zh(names: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The Chinese half of a map of names."""
    return {code: pair[0] for code, pair in names.items()}


# The normal forms of the typed numbers every part compares (the roster, the window, the
# settlement file's one row check in desk_app/schemes/settlement_row.py).
# Full-width digits and X, and every space a copy from a web page or Word can bring along.
_ID_NORMALISE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "Ｘ": "X",
        "ｘ": "X",
        "x": "X",
        " ": None,
        "\u3000": None,
        "\u00a0": None,
        "\u200b": None,
        "\ufeff": None,
        "\t": None,
        "\r": None,
        "\n": None,
        "-": None,
    }
)
_SPACES = re.compile(r"\s+")


def normalise_id(text: str) -> str:
    """An ID number without spaces, with ASCII digits and an upper-case X (not checked)."""
    return (text or "").translate(_ID_NORMALISE)


def invoice_key(text: str | None) -> str:
    """An invoice number in its stored form: NFKC, no spaces, upper-case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or "")).upper()
