"""A scheme's rules in words, for the 方案 screen: the period, premium, waiting period, cap and
rounding, then each benefit as a sentence a clerk can read out at the window. Every sentence is
translated (context ``SchemeWords``); amounts and rates are written the same in both languages.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from PySide6.QtCore import QCoreApplication

from base.money import fmt
from desk_app.schemes.model import (
    Benefit,
    Copay,
    DailyAllowance,
    Fixed,
    LivingAllowance,
    LumpSum,
    Scheme,
)
from desk_app.terms import COMPONENT_NAMES
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.member_search_texts import category_text, claim_kind_text

ROUNDING = {
    "cent": QT_TRANSLATE_NOOP("SchemeWords", "Amounts are rounded to the fen."),
    "yuan": QT_TRANSLATE_NOOP("SchemeWords", "Amounts are rounded to the whole yuan."),
    "yuan_floor": QT_TRANSLATE_NOOP(
        "SchemeWords", "Amounts are cut to the whole yuan (jiao and fen dropped)."
    ),
}
COVERAGE = {
    "admission": QT_TRANSLATE_NOOP(
        "SchemeWords", "A hospital stay is covered when its admission day is in the period."
    ),
    "discharge": QT_TRANSLATE_NOOP(
        "SchemeWords", "A hospital stay is covered when its discharge day is in the period."
    ),
}


def _t(text: str) -> str:
    return QCoreApplication.translate("SchemeWords", text)


def component_text(name: str, lang: str) -> str:
    """A receipt component by its name in the domain's words (desk_app.terms)."""
    names = COMPONENT_NAMES.get(name)
    if names is None:
        return name
    return names[0] if lang == "zh" else names[1]


def pct(rate: Decimal) -> str:
    text = f"{(rate * 100).normalize():f}"
    return f"{text}%"


def money(amount: Decimal) -> str:
    return fmt(amount)


def _kinds(kinds: tuple[str, ...]) -> str:
    return "、".join(claim_kind_text(k) for k in kinds)


def overview(s: Scheme) -> list[str]:
    """The scheme's general rules, one sentence each."""
    out = [
        QCoreApplication.translate(
            "SchemeWords", "Period %1 to %2; premium %3 yuan a share, at most %4 shares a member."
        )
        .replace("%1", s.period_start.isoformat())
        .replace("%2", s.period_end.isoformat())
        .replace("%3", money(s.premium_per_share))
        .replace("%4", str(s.max_shares))
    ]
    if s.waiting_days:
        out.append(
            QCoreApplication.translate(
                "SchemeWords", "First enrollment: a waiting period of %1 days (none on renewal)."
            ).replace("%1", str(s.waiting_days))
        )
    else:
        out.append(QCoreApplication.translate("SchemeWords", "No waiting period."))
    out.append(_t(COVERAGE[s.coverage_date]))
    if s.annual_cap is not None:
        out.append(
            QCoreApplication.translate(
                "SchemeWords", "Cap: %1 yuan a share in the period, over all benefits."
            ).replace("%1", money(s.annual_cap))
        )
    else:
        out.append(QCoreApplication.translate("SchemeWords", "No cap in the period."))
    if s.min_payout > 0:
        out.append(
            QCoreApplication.translate(
                "SchemeWords", "A claim that comes to less than %1 yuan is paid %1 yuan."
            ).replace("%1", money(s.min_payout))
        )
    out.append(_t(ROUNDING[s.rounding]))
    return out


def _brackets(b: Copay) -> str:
    if len(b.brackets) == 1:
        return QCoreApplication.translate("SchemeWords", "%1 of it is paid").replace(
            "%1", pct(b.brackets[0].rate)
        )
    parts = []
    low = Decimal(0)
    for br in b.brackets:
        if br.upto is None:
            parts.append(
                QCoreApplication.translate("SchemeWords", "above %1: %2")
                .replace("%1", money(low))
                .replace("%2", pct(br.rate))
            )
        else:
            parts.append(
                QCoreApplication.translate("SchemeWords", "%1 to %2: %3")
                .replace("%1", money(low))
                .replace("%2", money(br.upto))
                .replace("%3", pct(br.rate))
            )
            low = br.upto
    return QCoreApplication.translate("SchemeWords", "paid by brackets (%1)").replace(
        "%1", "；".join(parts)
    )


def benefit_words(b: Benefit, lang: str) -> str:
    """One benefit in a sentence (its label first); ``lang`` is the window's language."""
    if isinstance(b, Copay):
        text = (
            QCoreApplication.translate("SchemeWords", "%1: the sum of %2")
            .replace("%1", b.label)
            .replace("%2", " + ".join(component_text(c, lang) for c in b.base))
        )
        if b.deductible > 0:
            scope = (
                QCoreApplication.translate("SchemeWords", "once in the period")
                if b.deductible_scope == "period"
                else QCoreApplication.translate("SchemeWords", "on each claim")
            )
            text += (
                QCoreApplication.translate("SchemeWords", ", less a deductible of %1 yuan (%2)")
                .replace("%1", money(b.deductible))
                .replace("%2", scope)
            )
        text += "，" + _brackets(b)
        if b.accumulate == "period" and len(b.brackets) > 1:
            text += QCoreApplication.translate(
                "SchemeWords", ", the brackets counting everything in the period"
            )
        if b.uplift:
            ups = "、".join(f"{category_text(c)} +{pct(r)}" for c, r in b.uplift)
            text += QCoreApplication.translate(
                "SchemeWords", "; extra rate for %1 (the highest one that applies)"
            ).replace("%1", ups)
    elif isinstance(b, DailyAllowance):
        text = (
            QCoreApplication.translate("SchemeWords", "%1: %2 yuan a day in hospital")
            .replace("%1", b.label)
            .replace("%2", money(b.rate))
        )
        if b.from_day > 1:
            text += QCoreApplication.translate("SchemeWords", ", from day %1").replace(
                "%1", str(b.from_day)
            )
        if b.max_days is not None:
            text += QCoreApplication.translate(
                "SchemeWords", ", at most %1 days in the period"
            ).replace("%1", str(b.max_days))
        if b.max_amount is not None:
            text += QCoreApplication.translate(
                "SchemeWords", ", at most %1 yuan in the period"
            ).replace("%1", money(b.max_amount))
    elif isinstance(b, LumpSum):
        text = (
            QCoreApplication.translate(
                "SchemeWords", "%1: %2 yuan once on a diagnosis of %3 (once per member and plan)"
            )
            .replace("%1", b.label)
            .replace("%2", money(b.amount))
            .replace("%3", "、".join(b.diseases))
        )
    elif isinstance(b, LivingAllowance):
        text = (
            QCoreApplication.translate(
                "SchemeWords",
                "%1: %2 yuan a month, counted by day, at most %3 months, on the first stay for %4",
            )
            .replace("%1", b.label)
            .replace("%2", money(b.monthly))
            .replace("%3", str(b.max_months))
            .replace("%4", "、".join(b.diseases))
        )
    elif isinstance(b, Fixed):
        text = (
            QCoreApplication.translate("SchemeWords", "%1: %2 yuan once in the period")
            .replace("%1", b.label)
            .replace("%2", money(b.amount))
        )
    else:  # pragma: no cover - every kind is above
        text = str(b)
    return text + QCoreApplication.translate("SchemeWords", " (for: %1).").replace(
        "%1", _kinds(b.applies_to)
    )


def scheme_html(s: Scheme, lang: str) -> str:
    """The whole description as simple HTML for a read-only text view."""
    parts = [f"<h3>{escape(s.name)}</h3>", f"<p>{escape(s.region)} · {escape(s.code)}</p>"]
    parts.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in overview(s)) + "</ul>")
    title = QCoreApplication.translate("SchemeWords", "Benefits")
    parts.append(f"<p><b>{escape(title)}</b></p>")
    parts.append(
        "<ol>" + "".join(f"<li>{escape(benefit_words(b, lang))}</li>" for b in s.benefits) + "</ol>"
    )
    return "".join(parts)
