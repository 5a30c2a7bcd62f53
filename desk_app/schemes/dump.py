"""Writing a :class:`Scheme` back as a scheme file (TOML) that reads back to an equal scheme."""

from __future__ import annotations

import json
from typing import cast

from desk_app.schemes.documents import dump_documents
from desk_app.schemes.model import Copay, DailyAllowance, Fixed, LivingAllowance, LumpSum, Scheme


def _q(value: object) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(str(value), ensure_ascii=False)


def _list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(_q(v) for v in values) + "]"


def dump_scheme(scheme: Scheme) -> str:
    """The scheme as a TOML file that :func:`parse_scheme` reads back to an equal scheme
    (every key written out, defaults included)."""
    lines = [
        f"code = {_q(scheme.code)}",
        f"name = {_q(scheme.name)}",
        f"region = {_q(scheme.region)}",
        f"plan = {_q(scheme.plan)}",
        f"period_start = {scheme.period_start.isoformat()}",
        f"period_end = {scheme.period_end.isoformat()}",
        f"premium_per_share = {_q(scheme.premium_per_share)}",
        f"max_shares = {scheme.max_shares}",
        f"waiting_days = {scheme.waiting_days}",
        f"coverage_date = {_q(scheme.coverage_date)}",
        f"rounding = {_q(scheme.rounding)}",
    ]
    if scheme.annual_cap is not None:
        lines.append(f"annual_cap = {_q(scheme.annual_cap)}")
    lines.append(f"min_payout = {_q(scheme.min_payout)}")
    for b in scheme.benefits:
        lines += ["", "[[benefits]]", f"kind = {_q(b.kind)}", f"label = {_q(b.label)}"]
        lines.append(f"applies_to = {_list(b.applies_to)}")
        if isinstance(b, Copay):
            lines.append(f"base = {_list(b.base)}")
            lines.append(f"deductible = {_q(b.deductible)}")
            lines.append(f"deductible_scope = {_q(b.deductible_scope)}")
            lines.append(f"accumulate = {_q(b.accumulate)}")
            parts = []
            for br in b.brackets:
                up = f"upto = {_q(br.upto)}, " if br.upto is not None else ""
                parts.append(f"{{ {up}rate = {_q(br.rate)} }}")
            lines.append(f"brackets = [{', '.join(parts)}]")
            if b.uplift:
                pairs = ", ".join(f"{_q(k)} = {_q(v)}" for k, v in b.uplift)
                lines.append(f"uplift = {{ {pairs} }}")
        elif isinstance(b, DailyAllowance):
            lines.append(f"rate = {_q(b.rate)}")
            lines.append(f"from_day = {b.from_day}")
            if b.max_days is not None:
                lines.append(f"max_days = {b.max_days}")
            if b.max_amount is not None:
                lines.append(f"max_amount = {_q(b.max_amount)}")
        elif isinstance(b, LumpSum):
            lines.append(f"amount = {_q(b.amount)}")
            lines.append(f"diseases = {_list(b.diseases)}")
        elif isinstance(b, LivingAllowance):
            lines.append(f"monthly = {_q(b.monthly)}")
            lines.append(f"max_months = {b.max_months}")
            lines.append(f"diseases = {_list(b.diseases)}")
        else:
            lines.append(f"amount = {_q(cast(Fixed, b).amount)}")
    lines += dump_documents(scheme.documents, _q, _list)
    return "\n".join(lines) + "\n"
