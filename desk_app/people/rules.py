"""The field rules for members, shared by the member form and the roster import: names,
mobile numbers, accounts, categories and medical insurance types, each with the clerk's
message when a value does not pass."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.errors import ValidationError, msg
from db.models import Scheme
from desk_app.terms import CATEGORIES as BUILTIN_CATEGORIES

# What units write in the 人员类别 column, and what it means.
CATEGORY_ALIASES = {
    "困难职工": "hardship",
    "困难": "hardship",
    "困难会员": "hardship",
    "劳模": "model_worker",
    "劳动模范": "model_worker",
    "女职工": "female",
    "女工": "female",
}
# Words that mean "no category" (普通职工 is the ordinary member).
NO_CATEGORY = {"普通", "普通职工", "一般", "无", "-", "—"}
CATEGORY_SEPARATORS = re.compile(r"[、,，;；/／\s]+")

MEDICAL_TYPES = ("employee", "resident")
MEDICAL_TYPE_ZH = {"employee": "城镇职工医保", "resident": "城乡居民医保"}
MEDICAL_ALIASES = {
    "城镇职工": "employee",
    "城镇职工医保": "employee",
    "城镇职工基本医疗保险": "employee",
    "职工医保": "employee",
    "职工": "employee",
    "employee": "employee",
    "城乡居民": "resident",
    "城乡居民医保": "resident",
    "城乡居民基本医疗保险": "resident",
    "居民医保": "resident",
    "居民": "resident",
    "resident": "resident",
}

_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_NAME_DOTS = str.maketrans({"•": "·", "・": "·", "．": "·", "‧": "·", "∙": "·"})


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def _is_han(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("CJK")


def check_name(text: str) -> str:
    """A person's name: 2–20 characters of Chinese, Latin letters or the middle dot of
    minority names (买买提·艾力); spaces only between Latin words."""
    name = unicodedata.normalize("NFKC", (text or "").translate(_NAME_DOTS))
    name = re.sub(r"\s+", " ", name).strip()
    if any(_is_han(ch) for ch in name):
        name = name.replace(" ", "")
    if not name:
        raise ValidationError(msg("姓名为空", "the name is empty"))
    if not 2 <= len(name) <= 20:
        raise ValidationError(
            msg(
                "姓名应为 2–20 个字，现为 {n} 个字",
                "a name has 2-20 characters, this one has {n}",
                n=len(name),
            )
        )
    bad = sorted({ch for ch in name if not (_is_han(ch) or ch.isalpha() or ch in "· ")})
    if bad:
        raise ValidationError(
            msg(
                "姓名中有不能用的字符：{c}",
                "the name has characters a name cannot have: {c}",
                c=" ".join(bad),
            )
        )
    return name


def check_mobile(text: str | None) -> str | None:
    """An 11-digit mainland mobile number (spaces, dashes and a leading +86 are dropped);
    ``None`` when empty."""
    t = re.sub(r"[\s\-()（）]", "", _nfkc(text or ""))
    if not t:
        return None
    if t.startswith("+86"):
        t = t[3:]
    elif len(t) == 13 and t.startswith("86"):
        t = t[2:]
    if not _MOBILE.match(t):
        raise ValidationError(
            msg(
                "手机号应为 11 位手机号码（1 开头）：{p}",
                "not an 11-digit mainland mobile number: {p}",
                p=text,
            )
        )
    return t


def check_account(text: str | None) -> str | None:
    """A bank or union-card account: digits only, 12–30 of them (spaces and dashes between
    groups are dropped); ``None`` when empty."""
    t = re.sub(r"[\s\-]", "", _nfkc(text or ""))
    if not t:
        return None
    if not t.isascii() or not t.isdigit():
        raise ValidationError(
            msg("银行账号只能是数字：{a}", "an account number has only digits: {a}", a=text)
        )
    if not 12 <= len(t) <= 30:
        raise ValidationError(
            msg(
                "银行账号应为 12–30 位数字，现为 {n} 位",
                "an account number has 12-30 digits, this one has {n}",
                n=len(t),
            )
        )
    return t


def check_medical_type(text: str | None) -> str | None:
    """``employee`` or ``resident`` from the code or the Chinese words; ``None`` when empty."""
    t = _nfkc(text or "").replace(" ", "")
    if not t:
        return None
    found = MEDICAL_ALIASES.get(t) or MEDICAL_ALIASES.get(t.lower())
    if found is None:
        raise ValidationError(
            msg(
                "医保类型只能是 城镇职工 或 城乡居民：{v}",
                "the medical insurance type is 城镇职工 (employee) or 城乡居民 (resident): {v}",
                v=text,
            )
        )
    return found


@lru_cache(maxsize=256)
def _uplift_names(sha: str, text: str) -> frozenset[str]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return frozenset()
    names: set[str] = set()
    for b in data.get("benefits", []) or []:
        uplift = b.get("uplift") if isinstance(b, dict) else None
        if isinstance(uplift, dict):
            names.update(str(k) for k in uplift)
    return frozenset(names)


def known_categories(session: Session) -> frozenset[str]:
    """The built-in categories and every category a stored scheme's ``uplift`` names."""
    names: set[str] = set(BUILTIN_CATEGORIES)
    for sha, text in session.execute(select(Scheme.source_sha256, Scheme.source_text)):
        names |= _uplift_names(sha, text)
    return frozenset(names)


def check_categories(values: object, known: frozenset[str]) -> tuple[str, ...]:
    """Category codes, sorted and unique, from codes, Chinese words, or one text with several
    separated by 、 , ; or spaces. Raise ValidationError naming an unknown one."""
    if values is None:
        return ()
    parts: list[str] = []
    if isinstance(values, str):
        parts = CATEGORY_SEPARATORS.split(_nfkc(values))
    else:
        for v in values:  # type: ignore[attr-defined]
            parts.extend(CATEGORY_SEPARATORS.split(_nfkc(str(v))))
    out: set[str] = set()
    for p in parts:
        if not p or p in NO_CATEGORY:
            continue
        code = CATEGORY_ALIASES.get(p, p)
        if code not in known:
            raise ValidationError(
                msg(
                    "人员类别无法识别：{v}（可填 困难职工、劳模、女职工）",
                    "unknown member category: {v} (use 困难职工 hardship, 劳模 model_worker, "
                    "女职工 female)",
                    v=p,
                )
            )
        out.add(code)
    return tuple(sorted(out))


def mask_phone(phone: str | None) -> str | None:
    """``138****5678`` for the audit log."""
    if not phone:
        return phone
    return phone[:3] + "*" * max(0, len(phone) - 7) + phone[-4:] if len(phone) > 7 else "****"


def mask_account(account: str | None) -> str | None:
    """``****1234`` for the audit log."""
    if not account:
        return account
    return "****" + account[-4:]
