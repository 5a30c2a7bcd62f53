"""The engine's input and results as JSON: case files for ``desk-app calc``, and the exact input
the desk stores with every calculation so it can be re-run later.

The input format is the case file of ``SCHEMES.md``::

    {"member": {"categories": [...], "shares": 1, "enrolled_on": "2015-01-01",
                "renewal": true, "lump_sum_paid_before": false},
     "claims": [{"kind": "inpatient", "admission": "...", "discharge": "...",
                 "disease": "C92.0", "receipts": [{"total": "13000.00", ...}]}]}

Reading is strict, because a typo must not silently become a default that pays the wrong
amount: unknown keys, missing keys, wrong types, a number where an amount string is required,
an amount with more than two decimals, a date that does not exist, an unknown claim kind — each
is a :class:`CaseError` naming the key path (``claims[0].receipts[1].copay``, counting from 0)
in Chinese and English. What ``SCHEMES.md`` turns into a rejection instead (no receipt, a
missing date, a negative amount, a total that does not add up) is accepted here and rejected by
the engine with ``invalid_receipt`` and its reason in words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from base.errors import Message, msg
from desk_app.schemes.model import (
    CLAIM_KINDS,
    COMPONENTS,
    BenefitAmount,
    BracketPart,
    CaseError,
    Claim,
    ClaimResult,
    MemberFacts,
    ReceiptAmounts,
)

_MONEY = re.compile(r"-?[0-9]+(?:\.[0-9]{1,2})?")
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_IGNORED_TOP = ("scheme", "expected", "note")
_MEMBER_REQUIRED = ("categories", "shares", "enrolled_on", "renewal")
_MEMBER_OPTIONAL = ("lump_sum_paid_before",)
_CLAIM_OPTIONAL = (
    "admission",
    "discharge",
    "visit_date",
    "event_date",
    "disease",
    "receipts",
    "ref",
)
_RECEIPT_KEYS = ("total", *COMPONENTS)


@dataclass(frozen=True)
class EngineInput:
    """Everything the engine needs besides the scheme: the member and the ordered claims."""

    member: MemberFacts
    claims: tuple[Claim, ...]


class _Reader:
    """Collects every problem of one input, each naming its key path."""

    def __init__(self) -> None:
        self.problems: list[Message] = []

    def problem(self, path: str, zh: str, en: str, **params: Any) -> None:
        self.problems.append(msg("{path}：" + zh, "{path}: " + en, path=path, **params))

    def obj(
        self,
        value: object,
        path: str,
        required: tuple[str, ...],
        optional: tuple[str, ...],
        ignored: tuple[str, ...] = (),
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(path, "应为 JSON 对象 {{…}}", "must be a JSON object {{...}}")
            return None
        prefix = f"{path}." if path else ""
        allowed = required + optional
        for key in value:
            if key not in allowed and key not in ignored:
                self.problem(
                    f"{prefix}{key}",
                    "未知的键（可用：{a}）",
                    "unknown key (allowed: {a})",
                    a=", ".join(allowed),
                )
        ok = True
        for key in required:
            if key not in value:
                self.problem(f"{prefix}{key}", "缺少此项", "missing")
                ok = False
        return value if ok else None

    def money(self, value: object, path: str) -> Decimal | None:
        if not isinstance(value, str):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                self.problem(
                    path,
                    '金额应写成字符串，如 "{v}"，而不是数字 {v}',
                    'an amount must be a string like "{v}", not the number {v}',
                    v=value,
                )
            else:
                self.problem(
                    path,
                    '应为金额字符串（如 "1487.99"）',
                    'must be an amount string ("1487.99")',
                )
            return None
        if _MONEY.fullmatch(value):
            return Decimal(value).quantize(Decimal("0.01"))
        if _DECIMAL.fullmatch(value):
            self.problem(
                path,
                "金额最多两位小数：{v}",
                "an amount has at most two decimals: {v}",
                v=value,
            )
        else:
            self.problem(path, '不是金额："{v}"', 'not an amount: "{v}"', v=value)
        return None

    def day(self, value: object, path: str, *, optional: bool = False) -> date | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            self.problem(
                path,
                '应为日期字符串 YYYY-MM-DD（如 "2015-08-01"），而不是 {v}',
                'must be a date string YYYY-MM-DD ("2015-08-01"), not {v}',
                v=json.dumps(value, ensure_ascii=False),
            )
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.problem(path, "没有这一天：{v}", "no such day: {v}", v=value)
            return None

    def boolean(self, value: object, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.problem(path, "应为 true 或 false", "must be true or false")
            return None
        return value

    def integer(self, value: object, path: str, minimum: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, "应为整数", "must be a whole number")
            return None
        if value < minimum:
            self.problem(path, "不能小于 {m}", "must be at least {m}", m=minimum)
            return None
        return value

    def text(self, value: object, path: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(path, "应为字符串或 null", "must be a string or null")
            return None
        return value.strip() or None

    # -- the parts --------------------------------------------------------------------------

    def member(self, value: object) -> MemberFacts | None:
        m = self.obj(value, "member", _MEMBER_REQUIRED, _MEMBER_OPTIONAL)
        if m is None:
            return None
        before = len(self.problems)
        cats_raw = m["categories"]
        categories: list[str] = []
        if not isinstance(cats_raw, list):
            self.problem("member.categories", "应为字符串数组", "must be an array of strings")
        else:
            for i, c in enumerate(cats_raw):
                if not isinstance(c, str) or not c.strip():
                    self.problem(
                        f"member.categories[{i}]",
                        "人员类别应为非空字符串",
                        "a category must be a non-empty string",
                    )
                elif c.strip() not in categories:
                    categories.append(c.strip())
        shares = self.integer(m["shares"], "member.shares", 1)
        enrolled_on = self.day(m["enrolled_on"], "member.enrolled_on")
        renewal = self.boolean(m["renewal"], "member.renewal")
        paid_before = (
            self.boolean(m["lump_sum_paid_before"], "member.lump_sum_paid_before")
            if "lump_sum_paid_before" in m
            else False
        )
        if len(self.problems) > before:
            return None
        assert shares is not None and enrolled_on is not None
        assert renewal is not None and paid_before is not None
        return MemberFacts(
            shares=shares,
            enrolled_on=enrolled_on,
            renewal=renewal,
            categories=tuple(categories),
            lump_sum_paid_before=paid_before,
        )

    def receipt(self, value: object, path: str) -> ReceiptAmounts | None:
        r = self.obj(value, path, _RECEIPT_KEYS, ())
        if r is None:
            return None
        amounts = {k: self.money(r[k], f"{path}.{k}") for k in _RECEIPT_KEYS}
        if any(v is None for v in amounts.values()):
            return None
        return ReceiptAmounts(**amounts)  # type: ignore[arg-type]

    def claim(self, value: object, path: str) -> Claim | None:
        c = self.obj(value, path, ("kind",), _CLAIM_OPTIONAL)
        if c is None:
            return None
        before = len(self.problems)
        kind = c["kind"]
        if kind not in CLAIM_KINDS:
            self.problem(
                f"{path}.kind",
                "未知的申请类别 {v}（可用：{k}）",
                "unknown claim kind {v} (one of: {k})",
                v=json.dumps(kind, ensure_ascii=False),
                k=", ".join(CLAIM_KINDS),
            )
        dates = {
            k: self.day(c.get(k), f"{path}.{k}", optional=True)
            for k in ("admission", "discharge", "visit_date", "event_date")
        }
        disease = self.text(c.get("disease"), f"{path}.disease")
        ref = self.text(c.get("ref"), f"{path}.ref")
        receipts: list[ReceiptAmounts] = []
        raw = c.get("receipts", [])
        if raw is None:
            raw = []
        if not isinstance(raw, list):
            self.problem(f"{path}.receipts", "应为票据数组", "must be an array of receipts")
        else:
            for j, item in enumerate(raw):
                r = self.receipt(item, f"{path}.receipts[{j}]")
                if r is not None:
                    receipts.append(r)
        if len(self.problems) > before:
            return None
        return Claim(
            kind=kind,
            receipts=tuple(receipts),
            disease=disease,
            ref=ref,
            **dates,
        )


def _error(problems: list[Message], what_zh: str, what_en: str) -> CaseError:
    if len(problems) == 1:
        message = Message(f"{what_zh}有误：{problems[0].zh}", f"{what_en}: {problems[0].en}")
    else:
        message = Message(
            f"{what_zh}有 {len(problems)} 处错误：\n" + "\n".join(f"  {p.zh}" for p in problems),
            f"{what_en}, {len(problems)} problems:\n" + "\n".join(f"  {p.en}" for p in problems),
        )
    return CaseError(message)


def input_from_json(
    data: object, *, what: tuple[str, str] = ("计算输入", "bad engine input")
) -> EngineInput:
    """Check and read engine input (the case format) from parsed JSON; :class:`CaseError`
    names every problem. ``scheme``, ``expected`` and ``note`` at the top are ignored."""
    rd = _Reader()
    top = rd.obj(data, "", ("member", "claims"), (), _IGNORED_TOP)
    member: MemberFacts | None = None
    claims: list[Claim] = []
    if top is not None:
        member = rd.member(top["member"])
        raw = top["claims"]
        if not isinstance(raw, list):
            rd.problem("claims", "应为申请数组", "must be an array of claims")
        else:
            for i, item in enumerate(raw):
                c = rd.claim(item, f"claims[{i}]")
                if c is not None:
                    claims.append(c)
    if rd.problems:
        raise _error(rd.problems, *what)
    assert member is not None
    return EngineInput(member, tuple(claims))


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise CaseError(msg("键 {k} 出现了两次", "the key {k} appears twice", k=k))
        out[k] = v
    return out


def _no_constant(name: str) -> object:
    raise CaseError(msg("不是有效的数字：{n}", "not a valid number: {n}", n=name))


def parse_case(text: str, source: str = "") -> EngineInput:
    """Read a case file's text (JSON)."""
    where = f" {source}" if source else ""
    try:
        data = json.loads(
            text.lstrip("\ufeff"),
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constant,
        )
    except json.JSONDecodeError as exc:
        raise CaseError(
            msg(
                "案例文件{w}不是有效的 JSON：第 {line} 行第 {col} 列，{e}",
                "the case file{w} is not valid JSON: line {line}, column {col}: {e}",
                w=where,
                line=exc.lineno,
                col=exc.colno,
                e=exc.msg,
            )
        ) from exc
    return input_from_json(data, what=(f"案例文件{where}", f"case file{where} refused"))


def read_case_file(path: Path) -> EngineInput:
    """Read a case file (UTF-8 JSON)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise CaseError(
            msg(
                "无法读取案例文件 {f}：{e}",
                "cannot read the case file {f}: {e}",
                f=path,
                e=exc.strerror or exc,
            )
        ) from exc
    except UnicodeDecodeError as exc:
        raise CaseError(
            msg("案例文件 {f} 不是 UTF-8 编码", "the case file {f} is not UTF-8", f=path)
        ) from exc
    return parse_case(text, str(path))


# --------------------------------------------------------------------------- writing


def _m(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _exact(value: Decimal) -> str:
    """A decimal's value in one canonical spelling ("0.5", "1400"), whatever its exponent."""
    return format(value.normalize(), "f")


def input_to_json(member: MemberFacts, claims: Iterable[Claim]) -> dict[str, Any]:
    """The engine input as JSON-ready data (the case format) that :func:`input_from_json`
    reads back to equal values: store it with a calculation to re-run it later."""
    out_claims: list[dict[str, Any]] = []
    for c in claims:
        item: dict[str, Any] = {"kind": c.kind}
        for key in ("admission", "discharge", "visit_date", "event_date"):
            value = getattr(c, key)
            if value is not None:
                item[key] = value.isoformat()
        if c.disease is not None:
            item["disease"] = c.disease
        if c.ref is not None:
            item["ref"] = c.ref
        item["receipts"] = [{k: _m(getattr(r, k)) for k in _RECEIPT_KEYS} for r in c.receipts]
        out_claims.append(item)
    return {
        "member": {
            "categories": list(member.categories),
            "shares": member.shares,
            "enrolled_on": member.enrolled_on.isoformat(),
            "renewal": member.renewal,
            "lump_sum_paid_before": member.lump_sum_paid_before,
        },
        "claims": out_claims,
    }


def result_to_json(result: ClaimResult, *, full: bool = False) -> dict[str, Any]:
    """One result as ``SCHEMES.md`` prints it; ``full`` adds what the desk stores besides
    (benefit kinds and bracket parts, the total before the minimum and the cap, hospital days,
    the explanation lines, the claim's ref) so :func:`results_from_json` can rebuild it."""
    out: dict[str, Any] = {
        "status": result.status,
        "reason": result.reason,
        "payout": _m(result.payout),
        "benefits": [{"label": b.label, "amount": _m(b.amount)} for b in result.benefits],
        "cap_left": _m(result.cap_left) if result.cap_left is not None else None,
    }
    if full:
        out["benefits"] = [
            {
                "label": b.label,
                "kind": b.kind,
                "amount": _m(b.amount),
                "brackets": [
                    {
                        "index": p.index,
                        "base": _m(p.base),
                        "rate": _exact(p.rate),
                        "amount": _exact(p.amount),
                    }
                    for p in b.brackets
                ],
            }
            for b in result.benefits
        ]
        out["total"] = _m(result.total)
        out["days"] = result.days
        out["lines"] = list(result.lines)
        out["ref"] = result.ref
    return out


def results_to_json(results: Iterable[ClaimResult], *, full: bool = False) -> dict[str, Any]:
    """``{"results": [...]}``, the output of ``desk-app calc``."""
    return {"results": [result_to_json(r, full=full) for r in results]}


def _dec(value: Any) -> Decimal:
    if not isinstance(value, str):
        raise CaseError(
            msg(
                "结果中的金额不是字符串：{v}", "an amount in a result is not a string: {v}", v=value
            )
        )
    return Decimal(value)


def result_from_json(data: dict[str, Any]) -> ClaimResult:
    """Rebuild a result stored with ``result_to_json(..., full=True)``."""
    try:
        return ClaimResult(
            status=data["status"],
            reason=data["reason"],
            benefits=tuple(
                BenefitAmount(
                    label=b["label"],
                    kind=b["kind"],
                    amount=_dec(b["amount"]),
                    brackets=tuple(
                        BracketPart(p["index"], _dec(p["base"]), _dec(p["rate"]), _dec(p["amount"]))
                        for p in b.get("brackets", [])
                    ),
                )
                for b in data["benefits"]
            ),
            total=_dec(data["total"]),
            payout=_dec(data["payout"]),
            cap_left=_dec(data["cap_left"]) if data["cap_left"] is not None else None,
            days=int(data["days"]),
            lines=tuple(data["lines"]),
            ref=data.get("ref"),
        )
    except (KeyError, TypeError) as exc:
        raise CaseError(
            msg("存储的计算结果不完整：{e}", "a stored result is incomplete: {e}", e=exc)
        ) from exc


def results_from_json(data: dict[str, Any]) -> tuple[ClaimResult, ...]:
    """Rebuild ``results_to_json(..., full=True)``."""
    return tuple(result_from_json(r) for r in data["results"])
