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
_TOP_OPTIONAL = ("waiting_days", "annual_cap", "min_payout")
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
    before = len(c.problems)
    c.keys(
        raw,
        path,
        ("kind", "label", *required),
        ("kind", "label", "applies_to", *required, *optional),
    )
    label = c.string(raw["label"], f"{path}.label", max_len=100) if "label" in raw else None
    applies: tuple[str, ...] | None = _DEFAULT_APPLIES_TO[kind]
    if "applies_to" in raw:
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
            applies = None

    def opt(key: str, read: Callable[[object, str], Any], default: Any) -> Any:
        return read(raw[key], f"{path}.{key}") if key in raw else default

    def req(key: str, read: Callable[[object, str], Any]) -> Any:
        return read(raw[key], f"{path}.{key}") if key in raw else None

    def money(v: object, p: str) -> Decimal | None:
        return c.money(v, p)

    def positive(v: object, p: str) -> Decimal | None:
        return c.money(v, p, positive=True)

    def at_least_1(v: object, p: str) -> int | None:
        return c.integer(v, p, minimum=1)

    def scope(v: object, p: str) -> str | None:
        return c.choice(v, p, SCOPES)

    def diseases(v: object, p: str) -> tuple[str, ...] | None:
        return c.diseases(v, p)

    built: Benefit | None = None
    if kind == "copay":
        base = req(
            "base",
            lambda v, p: c.choices(
                v, p, COMPONENTS, what_zh="票据分项", what_en="receipt component"
            ),
        )
        brackets = req("brackets", lambda v, p: _brackets(c, v, p))
        deductible = opt("deductible", money, Decimal("0.00"))
        d_scope = opt("deductible_scope", scope, "period")
        accumulate = opt("accumulate", scope, "claim")
        uplift = opt("uplift", lambda v, p: _uplift(c, v, p), ())
        if len(c.problems) == before:
            built = Copay(
                label=label or "",
                base=base,
                brackets=brackets,
                deductible=deductible,
                deductible_scope=d_scope,
                accumulate=accumulate,
                uplift=uplift,
                applies_to=applies or (),
            )
    elif kind == "daily_allowance":
        rate = req("rate", positive)
        from_day = opt("from_day", at_least_1, 1)
        max_days = opt("max_days", at_least_1, None)
        max_amount = opt("max_amount", positive, None)
        if len(c.problems) == before:
            built = DailyAllowance(
                label=label or "",
                rate=rate,
                from_day=from_day,
                max_days=max_days,
                max_amount=max_amount,
                applies_to=applies or (),
            )
    elif kind == "lump_sum":
        amount = req("amount", positive)
        listed = req("diseases", diseases)
        if len(c.problems) == before:
            built = LumpSum(
                label=label or "", amount=amount, diseases=listed, applies_to=applies or ()
            )
    elif kind == "living_allowance":
        monthly = req("monthly", positive)
        max_months = req("max_months", at_least_1)
        listed = req("diseases", diseases)
        if len(c.problems) == before:
            built = LivingAllowance(
                label=label or "",
                monthly=monthly,
                max_months=max_months,
                diseases=listed,
                applies_to=applies or (),
            )
    else:  # fixed
        amount = req("amount", positive)
        if len(c.problems) == before:
            built = Fixed(label=label or "", amount=amount, applies_to=applies or ())
    return built


# --------------------------------------------------------------------------- the file


def parse_scheme(text: str) -> Scheme:
    """Parse and check a scheme file's text; raises :class:`SchemeError` listing every problem."""
    if text.startswith("\ufeff"):  # Windows Notepad's UTF-8 signature
        text = text[1:]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(
            msg("方案文件不是有效的 TOML：{e}", "the scheme file is not valid TOML: {e}", e=exc)
        ) from exc
    c = Checker()
    c.keys(data, "", _TOP_REQUIRED, _TOP_REQUIRED + _TOP_OPTIONAL)

    def get(key: str, read: Callable[[object, str], Any], default: Any = None) -> Any:
        return read(data[key], key) if key in data else default

    code = get("code", lambda v, p: c.string(v, p, max_len=40, no_space=True))
    name = get("name", lambda v, p: c.string(v, p, max_len=200))
    region = get("region", lambda v, p: c.string(v, p, max_len=50))
    plan = get("plan", lambda v, p: c.string(v, p, max_len=40, no_space=True))
    start = get("period_start", c.day)
    end = get("period_end", c.day)
    if start is not None and end is not None and start > end:
        c.problem(
            "period_start",
            "保障期开始日 {s} 晚于结束日 {e}",
            "the period starts ({s}) after it ends ({e})",
            s=start,
            e=end,
        )
    premium = get("premium_per_share", c.money)
    max_shares = get("max_shares", lambda v, p: c.integer(v, p, minimum=1))
    waiting = get("waiting_days", lambda v, p: c.integer(v, p, minimum=0), 0)
    coverage = get("coverage_date", lambda v, p: c.choice(v, p, COVERAGE_DATES))
    rounding = get("rounding", lambda v, p: c.choice(v, p, ROUNDING_MODES))
    cap = get("annual_cap", lambda v, p: c.money(v, p, positive=True))
    min_payout = get("min_payout", c.money, Decimal("0.00"))
    if cap is not None and min_payout is not None and min_payout > cap:
        c.problem(
            "min_payout",
            "最低给付 {m} 高于年度封顶 {cap}",
            "the minimum payout {m} is above the annual cap {cap}",
            m=min_payout,
            cap=cap,
        )
    benefits: list[Benefit] = []
    if "benefits" in data:
        raw = data["benefits"]
        if not isinstance(raw, list):
            c.wrong_type("benefits", raw, "[[benefits]] 表数组", "an array of [[benefits]] tables")
        elif not raw:
            c.problem("benefits", "至少要有一个保障项目", "at least one benefit is needed")
        else:
            labels: dict[str, int] = {}
            for i, item in enumerate(raw):
                b = _benefit(c, item, f"benefits[{i}]")
                if b is None:
                    continue
                if b.label in labels:
                    c.problem(
                        f"benefits[{i}].label",
                        "与 benefits[{j}] 的名称重复：{v}",
                        "the same label as benefits[{j}]: {v}",
                        j=labels[b.label],
                        v=b.label,
                    )
                labels[b.label] = i
                benefits.append(b)
    if c.problems:
        raise _scheme_error(c.problems)
    return Scheme(
        code=code,
        name=name,
        region=region,
        plan=plan,
        period_start=start,
        period_end=end,
        premium_per_share=premium,
        max_shares=max_shares,
        coverage_date=coverage,
        rounding=rounding,
        benefits=tuple(benefits),
        waiting_days=waiting,
        annual_cap=cap,
        min_payout=min_payout,
    )


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
