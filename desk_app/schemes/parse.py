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
import json
import re
import tomllib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from desk_app.errors import Message, msg
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

_MONEY = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_NO_SPACE = re.compile(r"\S+")
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


def _type_name(value: object) -> tuple[str, str]:
    if isinstance(value, bool):
        return "布尔值", "a boolean"
    if isinstance(value, int):
        return "整数", "an integer"
    if isinstance(value, float):
        return "浮点数", "a float"
    if isinstance(value, str):
        return "字符串", "a string"
    if isinstance(value, date):
        return "日期", "a date"
    if isinstance(value, list):
        return "数组", "an array"
    if isinstance(value, dict):
        return "表", "a table"
    return type(value).__name__, type(value).__name__


class _Checker:
    """Collects every problem of one file, each naming its key path."""

    def __init__(self) -> None:
        self.problems: list[Message] = []

    def problem(self, path: str, zh: str, en: str, **params: Any) -> None:
        self.problems.append(msg("{path}：" + zh, "{path}: " + en, path=path, **params))

    def wrong_type(self, path: str, value: object, want_zh: str, want_en: str) -> None:
        got_zh, got_en = _type_name(value)
        hint_zh = hint_en = ""
        if isinstance(value, (float, int)) and not isinstance(value, bool) and "字符串" in want_zh:
            hint_zh = f'，请加引号写成 "{value}"'
            hint_en = f'; quote it: "{value}"'
        self.problem(
            path,
            "应为{w}，而不是{g}{h}",
            "must be {we}, not {ge}{he}",
            w=want_zh,
            g=got_zh,
            h=hint_zh,
            we=want_en,
            ge=got_en,
            he=hint_en,
        )

    # -- tables ---------------------------------------------------------------------------

    def keys(
        self, table: dict[str, Any], path: str, required: tuple[str, ...], allowed: tuple[str, ...]
    ) -> bool:
        """Report unknown and missing keys; true when the table has every required key."""
        prefix = f"{path}." if path else ""
        for key in table:
            if key not in allowed:
                self.problem(
                    f"{prefix}{key}",
                    "未知的键（可用：{a}）",
                    "unknown key (allowed: {a})",
                    a=", ".join(allowed),
                )
        ok = True
        for key in required:
            if key not in table:
                self.problem(f"{prefix}{key}", "缺少此必填项", "required key is missing")
                ok = False
        return ok

    # -- scalars --------------------------------------------------------------------------

    def string(
        self, value: object, path: str, *, max_len: int, no_space: bool = False
    ) -> str | None:
        if not isinstance(value, str):
            self.wrong_type(path, value, "字符串", "a string")
            return None
        text = value.strip()
        if not text:
            self.problem(path, "不能为空", "must not be empty")
            return None
        if len(text) > max_len:
            self.problem(path, "不能超过 {n} 个字符", "at most {n} characters", n=max_len)
            return None
        if no_space and not _NO_SPACE.fullmatch(text):
            self.problem(path, "不能含空格", "must not contain spaces")
            return None
        return text

    def money(self, value: object, path: str, *, positive: bool = False) -> Decimal | None:
        """A decimal string in yuan, at most two decimals, never negative (nor 0 if positive)."""
        if not isinstance(value, str):
            self.wrong_type(path, value, '金额字符串（如 "60.00"）', 'an amount string ("60.00")')
            return None
        text = value.strip()
        if not _MONEY.fullmatch(text):
            if _DECIMAL.fullmatch(text) and text.startswith("-"):
                self.problem(
                    path, "金额不能为负数：{v}", "an amount cannot be negative: {v}", v=text
                )
            elif _DECIMAL.fullmatch(text):
                self.problem(
                    path,
                    "金额最多两位小数：{v}",
                    "an amount has at most two decimals: {v}",
                    v=text,
                )
            else:
                self.problem(
                    path,
                    '不是金额："{v}"（应如 "60.00"）',
                    'not an amount: "{v}" (write it like "60.00")',
                    v=value,
                )
            return None
        amount = Decimal(text).quantize(Decimal("0.01"))
        if positive and amount <= 0:
            self.problem(path, "必须大于 0", "must be more than 0")
            return None
        return amount

    def rate(self, value: object, path: str) -> Decimal | None:
        """A decimal string between "0" and "1"."""
        if not isinstance(value, str):
            self.wrong_type(path, value, '比例字符串（如 "0.8"）', 'a rate string ("0.8")')
            return None
        text = value.strip()
        if not _DECIMAL.fullmatch(text):
            self.problem(
                path,
                '不是比例："{v}"（应为 "0" 到 "1" 之间的小数，如 "0.8"）',
                'not a rate: "{v}" (a decimal from "0" to "1", like "0.8")',
                v=value,
            )
            return None
        rate = Decimal(text)
        if not Decimal(0) <= rate <= Decimal(1):
            self.problem(
                path,
                '比例应在 0 到 1 之间：{v}（80% 写作 "0.8"）',
                'a rate must be between 0 and 1: {v} (80 % is "0.8")',
                v=text,
            )
            return None
        return rate

    def integer(self, value: object, path: str, *, minimum: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(path, value, "整数", "an integer")
            return None
        if value < minimum:
            self.problem(path, "不能小于 {m}：{v}", "must be at least {m}: {v}", m=minimum, v=value)
            return None
        return value

    def day(self, value: object, path: str) -> date | None:
        # A TOML date without quotes; a datetime (also a date subclass) is refused.
        if type(value) is not date:
            got = value if isinstance(value, str) else None
            if got is not None:
                self.problem(
                    path,
                    "日期不要加引号：写成 {v}",
                    "write the date without quotes: {v}",
                    v=got,
                )
            else:
                self.wrong_type(path, value, "日期（如 2015-01-01）", "a date (2015-01-01)")
            return None
        return value

    def choice(self, value: object, path: str, choices: tuple[str, ...]) -> str | None:
        if not isinstance(value, str):
            self.wrong_type(path, value, "字符串", "a string")
            return None
        if value not in choices:
            self.problem(
                path,
                '未知的取值 "{v}"（可用：{c}）',
                'unknown value "{v}" (one of: {c})',
                v=value,
                c=", ".join(choices),
            )
            return None
        return value

    def choices(
        self, value: object, path: str, choices: tuple[str, ...], *, what_zh: str, what_en: str
    ) -> tuple[str, ...] | None:
        """A non-empty list of distinct names from ``choices``."""
        if not isinstance(value, list):
            self.wrong_type(path, value, "数组", "an array")
            return None
        if not value:
            self.problem(path, "不能为空数组", "must not be empty")
            return None
        out: list[str] = []
        ok = True
        for i, item in enumerate(value):
            if not isinstance(item, str) or item not in choices:
                self.problem(
                    f"{path}[{i}]",
                    '未知的{w} "{v}"（可用：{c}）',
                    'unknown {we} "{v}" (one of: {c})',
                    w=what_zh,
                    we=what_en,
                    v=item,
                    c=", ".join(choices),
                )
                ok = False
            elif item in out:
                self.problem(f"{path}[{i}]", "重复：{v}", "listed twice: {v}", v=item)
                ok = False
            else:
                out.append(item)
        return tuple(out) if ok else None

    def diseases(self, value: object, path: str) -> tuple[str, ...] | None:
        """A non-empty list of disease codes, kept upper-case (ICD-10 codes are)."""
        if not isinstance(value, list):
            self.wrong_type(path, value, "数组", "an array")
            return None
        if not value:
            self.problem(path, "病种列表不能为空", "the list of diseases must not be empty")
            return None
        out: list[str] = []
        for i, item in enumerate(value):
            code = self.string(item, f"{path}[{i}]", max_len=20, no_space=True)
            if code is None:
                return None
            if code.upper() not in out:
                out.append(code.upper())
        return tuple(out)


# --------------------------------------------------------------------------- benefits


def _brackets(c: _Checker, value: object, path: str) -> tuple[Bracket, ...] | None:
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


def _uplift(c: _Checker, value: object, path: str) -> tuple[tuple[str, Decimal], ...] | None:
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


def _benefit(c: _Checker, raw: object, path: str) -> Benefit | None:
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
    c = _Checker()
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


# --------------------------------------------------------------------------- writing


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
    return "\n".join(lines) + "\n"
