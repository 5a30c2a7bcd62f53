"""Reading scheme files (TOML, ``SCHEMES.md``) into a checked :class:`Scheme`, and writing them.

City offices write these files by hand and the desk pays money from them, so the reader is
strict: an unknown key, a missing required key, a wrong type, a TOML float where a decimal
string is required, money with more than two decimals, a rate outside 0..1, brackets out of
order, an unknown component, kind, claim kind, rounding or coverage date — each is a problem,
named by its key path (``benefits[2].brackets[1].upto``: the third ``[[benefits]]`` table's
second bracket, counting from 0 like TOML tools do) in Chinese and English. Every problem in the
file is reported at once, in one :class:`SchemeError`; nothing is half-loaded.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from base.errors import Message, msg
from desk_app.schemes.checks import Checker
from desk_app.schemes.documents import read_documents
from desk_app.schemes.model import (
    BENEFIT_KINDS,
    CLAIM_KINDS,
    COMPONENTS,
    COVERAGE_DATES,
    ROUNDING_MODES,
    SCOPES,
    Benefit,
    Bracket,
    Copay,
    DailyAllowance,
    Fixed,
    LivingAllowance,
    LumpSum,
    Scheme,
    SchemeError,
)

_MISSING = object()

_TOP_REQUIRED = (
    "code",
    "name",
    "region",
    "plan",
    "period_start",
    "period_end",
    "premium_per_share",
    "max_shares",
    "coverage_date",
    "rounding",
    "benefits",
)
_TOP_OPTIONAL = ("waiting_days", "annual_cap", "min_payout", "documents")
_BENEFIT_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required, optional) besides kind, label and applies_to
    "copay": (("base", "brackets"), ("deductible", "deductible_scope", "accumulate", "uplift")),
    "daily_allowance": (("rate",), ("from_day", "max_days", "max_amount")),
    "lump_sum": (("amount", "diseases"), ()),
    "living_allowance": (("monthly", "max_months", "diseases"), ()),
    "fixed": (("amount",), ()),
}
_DEFAULT_APPLIES_TO: dict[str, tuple[str, ...]] = {
    "copay": ("inpatient",),
    "daily_allowance": ("inpatient",),
    "lump_sum": ("inpatient", "outpatient"),
    "living_allowance": ("inpatient",),
    "fixed": ("death",),
}
# Kinds that count hospital days: they can only pay on hospital stays.
_INPATIENT_ONLY = ("daily_allowance", "living_allowance")


# --------------------------------------------------------------------------- benefits


def _brackets(c: Checker, value: object, path: str) -> tuple[Bracket, ...] | None:
    if not isinstance(value, list):
        c.wrong_type(path, value, "数组", "an array")
        return None
    if not value:
        c.problem(path, "至少要有一个分段", "at least one bracket is needed")
        return None
    out: list[Bracket] = []
    ok = True
    previous: Decimal | None = None
    for i, item in enumerate(value):
        p = f"{path}[{i}]"
        last = i == len(value) - 1
        if not isinstance(item, dict):
            c.wrong_type(p, item, '表（如 { upto = "5000", rate = "0.5" }）', "a table")
            ok = False
            continue
        if not c.keys(item, p, ("rate",), ("upto", "rate")):
            ok = False
        rate = c.rate(item["rate"], f"{p}.rate") if "rate" in item else None
        upto: Decimal | None = None
        if last and "upto" in item:
            c.problem(
                f"{p}.upto",
                "最后一个分段不能有 upto（它包括以上所有金额）",
                "the last bracket must not have an upto (it takes everything above)",
            )
            ok = False
        elif not last and "upto" not in item:
            c.problem(
                f"{p}.upto",
                "只有最后一个分段可以省略 upto",
                "only the last bracket may leave out upto",
            )
            ok = False
        elif "upto" in item:
            upto = c.money(item["upto"], f"{p}.upto", positive=True)
            if upto is None:
                ok = False
            elif previous is not None and upto <= previous:
                c.problem(
                    f"{p}.upto",
                    "分段上限必须逐段递增：{v} 不大于上一段的 {prev}",
                    "bracket limits must strictly increase: {v} is not above {prev}",
                    v=upto,
                    prev=previous,
                )
                ok = False
            else:
                previous = upto
        if rate is None:
            ok = False
        else:
            out.append(Bracket(upto=upto, rate=rate))
    return tuple(out) if ok else None


def _uplift(c: Checker, value: object, path: str) -> tuple[tuple[str, Decimal], ...] | None:
    if not isinstance(value, dict):
        c.wrong_type(path, value, '表（如 { hardship = "0.05" }）', "a table")
        return None
    out: list[tuple[str, Decimal]] = []
    ok = True
    for category, rate_value in value.items():
        if not category.strip():
            c.problem(path, "人员类别不能为空", "a member category must not be empty")
            ok = False
            continue
        rate = c.rate(rate_value, f"{path}.{category}")
        if rate is None:
            ok = False
        else:
            out.append((category, rate))
    return tuple(out) if ok else None


class _Fields:
    """A benefit table's values read key by key, each problem named by its path; ``clean``
    tells whether reading the table added no problem."""

    def __init__(self, c: Checker, raw: dict[str, Any], path: str) -> None:
        self.c, self.raw, self.path = c, raw, path
        self._before = len(c.problems)

    def clean(self) -> bool:
        return len(self.c.problems) == self._before

    def opt(self, key: str, read: Callable[[object, str], Any], default: Any) -> Any:
        return read(self.raw[key], f"{self.path}.{key}") if key in self.raw else default

    def req(self, key: str, read: Callable[[object, str], Any]) -> Any:
        return read(self.raw[key], f"{self.path}.{key}") if key in self.raw else None

    def money(self, v: object, p: str) -> Decimal | None:
        return self.c.money(v, p)

    def positive(self, v: object, p: str) -> Decimal | None:
        return self.c.money(v, p, positive=True)

    def at_least_1(self, v: object, p: str) -> int | None:
        return self.c.integer(v, p, minimum=1)

    def scope(self, v: object, p: str) -> str | None:
        return self.c.choice(v, p, SCOPES)

    def diseases(self, v: object, p: str) -> tuple[str, ...] | None:
        return self.c.diseases(v, p)


def _benefit(c: Checker, raw: object, path: str) -> Benefit | None:
    if not isinstance(raw, dict):
        c.wrong_type(path, raw, "表（[[benefits]]）", "a table ([[benefits]])")
        return None
    if "kind" not in raw:
        c.problem(f"{path}.kind", "缺少此必填项", "required key is missing")
        return None
    kind = c.choice(raw["kind"], f"{path}.kind", BENEFIT_KINDS)
    if kind is None:
        return None
    required, optional = _BENEFIT_KEYS[kind]
    f = _Fields(c, raw, path)
    c.keys(
        raw,
        path,
        ("kind", "label", *required),
        ("kind", "label", "applies_to", *required, *optional),
    )
    label = c.string(raw["label"], f"{path}.label", max_len=100) if "label" in raw else None
    applies = _applies_to(c, raw, path, kind)
    return _BUILDERS[kind](f, label or "", applies or ())


def _applies_to(c: Checker, raw: dict[str, Any], path: str, kind: str) -> tuple[str, ...] | None:
    """The claim kinds a benefit pays on (the kind's default when not given); a benefit that
    counts hospital days pays only on stays."""
    if "applies_to" not in raw:
        return _DEFAULT_APPLIES_TO[kind]
    applies = c.choices(
        raw["applies_to"],
        f"{path}.applies_to",
        CLAIM_KINDS,
        what_zh="申请类别",
        what_en="claim kind",
    )
    if applies is not None and kind in _INPATIENT_ONLY and applies != ("inpatient",):
        c.problem(
            f"{path}.applies_to",
            "{k} 按住院天数计算，只能用于住院（inpatient）",
            '{k} counts hospital days: it can only apply to "inpatient"',
            k=kind,
        )
        return None
    return applies


def _copay(f: _Fields, label: str, applies: tuple[str, ...]) -> Copay | None:
    c = f.c
    base = f.req(
        "base",
        lambda v, p: c.choices(v, p, COMPONENTS, what_zh="票据分项", what_en="receipt component"),
    )
    brackets = f.req("brackets", lambda v, p: _brackets(c, v, p))
    deductible = f.opt("deductible", f.money, Decimal("0.00"))
    d_scope = f.opt("deductible_scope", f.scope, "period")
    accumulate = f.opt("accumulate", f.scope, "claim")
    uplift = f.opt("uplift", lambda v, p: _uplift(c, v, p), ())
    if not f.clean():
        return None
    return Copay(
        label=label,
        base=base,
        brackets=brackets,
        deductible=deductible,
        deductible_scope=d_scope,
        accumulate=accumulate,
        uplift=uplift,
        applies_to=applies,
    )


def _daily_allowance(f: _Fields, label: str, applies: tuple[str, ...]) -> DailyAllowance | None:
    rate = f.req("rate", f.positive)
    from_day = f.opt("from_day", f.at_least_1, 1)
    max_days = f.opt("max_days", f.at_least_1, None)
    max_amount = f.opt("max_amount", f.positive, None)
    if not f.clean():
        return None
    return DailyAllowance(
        label=label,
        rate=rate,
        from_day=from_day,
        max_days=max_days,
        max_amount=max_amount,
        applies_to=applies,
    )


def _lump_sum(f: _Fields, label: str, applies: tuple[str, ...]) -> LumpSum | None:
    amount = f.req("amount", f.positive)
    listed = f.req("diseases", f.diseases)
    if not f.clean():
        return None
    return LumpSum(label=label, amount=amount, diseases=listed, applies_to=applies)


def _living_allowance(f: _Fields, label: str, applies: tuple[str, ...]) -> LivingAllowance | None:
    monthly = f.req("monthly", f.positive)
    max_months = f.req("max_months", f.at_least_1)
    listed = f.req("diseases", f.diseases)
    if not f.clean():
        return None
    return LivingAllowance(
        label=label,
        monthly=monthly,
        max_months=max_months,
        diseases=listed,
        applies_to=applies,
    )


def _fixed(f: _Fields, label: str, applies: tuple[str, ...]) -> Fixed | None:
    amount = f.req("amount", f.positive)
    if not f.clean():
        return None
    return Fixed(label=label, amount=amount, applies_to=applies)


_BUILDERS: dict[str, Callable[[_Fields, str, tuple[str, ...]], Benefit | None]] = {
    "copay": _copay,
    "daily_allowance": _daily_allowance,
    "lump_sum": _lump_sum,
    "living_allowance": _living_allowance,
    "fixed": _fixed,
}


# --------------------------------------------------------------------------- the file


def parse_scheme(text: str) -> Scheme:
    """Parse and check a scheme file's text; raises :class:`SchemeError` listing every problem."""
    data = _toml(text)
    c = Checker()
    c.keys(data, "", _TOP_REQUIRED, _TOP_REQUIRED + _TOP_OPTIONAL)
    general = _general(c, data)
    benefits = _benefits(c, data)
    documents = read_documents(c, data)
    if c.problems:
        raise _scheme_error(c.problems)
    return Scheme(**general, benefits=tuple(benefits), documents=documents)


def _toml(text: str) -> dict[str, Any]:
    if text.startswith("\ufeff"):  # Windows Notepad's UTF-8 signature
        text = text[1:]
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(
            msg("方案文件不是有效的 TOML：{e}", "the scheme file is not valid TOML: {e}", e=exc)
        ) from exc


def _general(c: Checker, data: dict[str, Any]) -> dict[str, Any]:
    """The scheme's keys besides its benefits: names, period, premium, waiting period,
    coverage date, rounding, cap and minimum payout."""

    def get(key: str, read: Callable[[object, str], Any], default: Any = None) -> Any:
        return read(data[key], key) if key in data else default

    out: dict[str, Any] = {
        "code": get("code", lambda v, p: c.string(v, p, max_len=40, no_space=True)),
        "name": get("name", lambda v, p: c.string(v, p, max_len=200)),
        "region": get("region", lambda v, p: c.string(v, p, max_len=50)),
        "plan": get("plan", lambda v, p: c.string(v, p, max_len=40, no_space=True)),
        "period_start": get("period_start", c.day),
        "period_end": get("period_end", c.day),
    }
    start, end = out["period_start"], out["period_end"]
    if start is not None and end is not None and start > end:
        c.problem(
            "period_start",
            "保障期开始日 {s} 晚于结束日 {e}",
            "the period starts ({s}) after it ends ({e})",
            s=start,
            e=end,
        )
    out |= {
        "premium_per_share": get("premium_per_share", c.money),
        "max_shares": get("max_shares", lambda v, p: c.integer(v, p, minimum=1)),
        "waiting_days": get("waiting_days", lambda v, p: c.integer(v, p, minimum=0), 0),
        "coverage_date": get("coverage_date", lambda v, p: c.choice(v, p, COVERAGE_DATES)),
        "rounding": get("rounding", lambda v, p: c.choice(v, p, ROUNDING_MODES)),
        "annual_cap": get("annual_cap", lambda v, p: c.money(v, p, positive=True)),
        "min_payout": get("min_payout", c.money, Decimal("0.00")),
    }
    cap, min_payout = out["annual_cap"], out["min_payout"]
    if cap is not None and min_payout is not None and min_payout > cap:
        c.problem(
            "min_payout",
            "最低给付 {m} 高于年度封顶 {cap}",
            "the minimum payout {m} is above the annual cap {cap}",
            m=min_payout,
            cap=cap,
        )
    return out


def _benefits(c: Checker, data: dict[str, Any]) -> list[Benefit]:
    """The [[benefits]] tables, each label once."""
    raw = c.table_array(data, "benefits")
    if raw is None:
        return []
    if not raw:
        c.problem("benefits", "至少要有一个保障项目", "at least one benefit is needed")
        return []
    benefits: list[Benefit] = []
    labels: dict[str, int] = {}
    for i, item in enumerate(raw):
        b = _benefit(c, item, f"benefits[{i}]")
        if b is None:
            continue
        # a repeated label is said and the benefit still read, so its own problems show too
        if c.repeated(labels, ("benefits", i, "label"), b.label, ("名称", "label")):
            labels[b.label] = i
        benefits.append(b)
    return benefits


def _scheme_error(problems: list[Message]) -> SchemeError:
    if len(problems) == 1:
        message = Message(
            f"方案文件有误，未导入：{problems[0].zh}", f"scheme file refused: {problems[0].en}"
        )
    else:
        message = Message(
            f"方案文件有 {len(problems)} 处错误，未导入：\n"
            + "\n".join(f"  {p.zh}" for p in problems),
            f"scheme file refused, {len(problems)} problems:\n"
            + "\n".join(f"  {p.en}" for p in problems),
        )
    return SchemeError(message, problems=problems)


def decode_scheme_bytes(data: bytes, source: str = "") -> str:
    """The text of a scheme file: UTF-8 (with or without the signature Notepad writes)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SchemeError(
            msg(
                "方案文件 {f} 不是 UTF-8 编码（请另存为 UTF-8）",
                "the scheme file {f} is not UTF-8 (save it as UTF-8)",
                f=source or "",
            )
        ) from exc
    return text


def read_scheme_file(path: Path) -> tuple[str, Scheme]:
    """Read and parse a scheme file; returns its text (as stored) and the scheme."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SchemeError(
            msg(
                "无法读取方案文件 {f}：{e}",
                "cannot read the scheme file {f}: {e}",
                f=path,
                e=exc.strerror or exc,
            )
        ) from exc
    text = decode_scheme_bytes(data, str(path))
    return text, parse_scheme(text)


def scheme_sha256(text: str) -> str:
    """The fingerprint of a scheme's stored text (UTF-8 bytes)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
