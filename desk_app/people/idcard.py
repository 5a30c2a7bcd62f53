"""Resident ID numbers (居民身份证号码, GB 11643-1999): checked, normalised, masked.

A number is read the way clerks and Excel hand it over: surrounding and inner spaces (also the
full-width and non-breaking kinds), full-width digits and a lower-case ``x`` are tolerated, and
the number is stored with an upper-case ``X``. The length, the characters, the check character
and the birth date are hard errors. An unknown birth-place code is only a warning, and only for a
code that is in no table: the GB/T 2260 table bundled with python-stdnum (any period of it — the
code is where the number was first given, which is not the year of birth, so a county that
existed then is known whatever the birth year), the codes added since that table was made
(``areas_added.csv``, shipped here), and the desk's own county. Refusing a real person's real
card at the window would be worse than a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from stdnum import numdb
from stdnum.cn import ric

from base.clock import today
from base.errors import Message, ValidationError, msg
from desk_app.terms import normalise_id

normalise = normalise_id  # the number without spaces, ASCII digits, upper-case X


EARLIEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True)
class IdInfo:
    """A checked resident ID: the stored form and what it says about the person."""

    number: str  # 18 characters, check character upper-case
    gender: str  # "M" | "F"
    birth_date: date
    warnings: tuple[Message, ...]  # e.g. unknown birth-place code (not an error)


def check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return ric.calc_check_digit(first17 + "0")


def check_id_number(text: str, *, on: date | None = None, home: str | None = None) -> IdInfo:
    """Check a resident ID number as typed or read from a roster; raise ValidationError.
    ``on`` is today's date (a bulk import passes it once instead of reading the clock per row);
    ``home`` the desk's own county code, never warned about.

    Runs on any thread (no database).
    """
    number = normalise(text)
    if not number:
        raise ValidationError(msg("请填写身份证号", "the resident ID number is empty"))
    if len(number) == 15 and number.isdigit():
        raise ValidationError(
            msg(
                "这是 15 位的旧身份证号，请填写 18 位的身份证号",
                "this is an old 15-digit ID number: give the 18-character number",
            )
        )
    if len(number) != 18:
        raise ValidationError(
            msg(
                "身份证号应为 18 位，现为 {n} 位",
                "a resident ID number has 18 characters, this one has {n}",
                n=len(number),
            )
        )
    if not (number[:17].isascii() and number[:17].isdigit()) or not (
        number[17] == "X" or (number[17].isascii() and number[17].isdigit())
    ):
        raise ValidationError(
            msg(
                "身份证号只能由数字组成，最后一位可以是 X",
                "a resident ID number has only digits, and the last may be X",
            )
        )
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise ValidationError(
            msg(
                "身份证号校验位不对（应为 {c}），请核对号码",
                "wrong check character in the resident ID number (should be {c}): check the number",
                c=expected,
            ),
            code="checksum",
        )
    birth = _birth_date(number, on or today())
    warnings: list[Message] = []
    if number[:6] != home and not area_known(number[:6]):
        warnings.append(
            msg(
                "身份证号前 6 位地区码 {a} 不在地区代码表中，请核对（仍可登记）",
                "the area code {a} of the resident ID number is not in the table: "
                "check it (it is accepted)",
                a=number[:6],
            )
        )
    gender = "M" if int(number[16]) % 2 == 1 else "F"
    return IdInfo(number, gender, birth, tuple(warnings))


@lru_cache(maxsize=1)
def _areas_added() -> frozenset[str]:
    """The county codes added since python-stdnum's table was made (``areas_added.csv``)."""
    text = resources.files("desk_app.people").joinpath("areas_added.csv").read_text("utf-8")
    return frozenset(line.split(",", 1)[0] for line in text.splitlines()[1:] if line.strip())


@lru_cache(maxsize=8192)
def area_known(area: str) -> bool:
    """Is ``area`` a county code of GB/T 2260, now or at any time since the table began?
    Cached: a roster has thousands of people from a few counties."""
    if area in _areas_added():
        return True
    found = numdb.get("cn/loc").info(area)
    return len(found) >= 2 and bool(found[1][1].get("county"))


def _birth_date(number: str, today_: date) -> date:
    y, m, d = number[6:10], number[10:12], number[12:14]
    try:
        birth = date(int(y), int(m), int(d))
    except ValueError:
        raise ValidationError(
            msg(
                "身份证号中的出生日期 {y}-{m}-{d} 不存在",
                "the birth date {y}-{m}-{d} in the resident ID number does not exist",
                y=y,
                m=m,
                d=d,
            ),
            code="birth_date",
        ) from None
    if birth > today_:
        raise ValidationError(
            msg(
                "身份证号中的出生日期 {b} 晚于今天",
                "the birth date {b} in the resident ID number is in the future",
                b=birth.isoformat(),
            ),
            code="birth_date",
        )
    if birth < EARLIEST_BIRTH:
        raise ValidationError(
            msg(
                "身份证号中的出生日期 {b} 早于 1900 年",
                "the birth date {b} in the resident ID number is before 1900",
                b=birth.isoformat(),
            ),
            code="birth_date",
        )
    return birth


def typed_id_problem(text: str) -> Message | None:
    """What is wrong with a whole ID number as typed or read by the card reader (18
    characters, the first 17 digits): its check character, its birth date; None when it is
    right or when the text is not a whole ID number (a name, a prefix being typed)."""
    number = normalise(text)
    if len(number) != 18 or not (number[:17].isascii() and number[:17].isdigit()):
        return None
    try:
        check_id_number(number)
    except ValidationError as exc:
        return exc.message
    return None


def is_valid(text: str) -> bool:
    try:
        check_id_number(text)
    except ValidationError:
        return False
    return True


def mask_id(number: str) -> str:
    """``330203********1234``: enough to recognise a person on a list, not to copy the ID."""
    n = normalise(number)
    if len(n) == 18:
        return n[:6] + "*" * 8 + n[14:]
    if len(n) <= 4:
        return "*" * len(n)
    keep = max(1, len(n) // 4)
    return n[:keep] + "*" * (len(n) - 2 * keep) + n[-keep:]


def make_id_number(area: str, birth: date, sequence: int) -> str:
    """A well-formed ID number for ``area`` (6 digits), ``birth`` and the 3-digit ``sequence``
    (odd for men, even for women): demo data, tests and benchmarks, never real people."""
    if len(area) != 6 or not area.isdigit() or not 0 <= sequence <= 999:
        raise ValueError("area is 6 digits and sequence 0..999")
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)
