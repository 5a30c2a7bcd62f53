"""The member search index: prefix keys for ID numbers, names and pinyin, kept in SQL.

A clerk types into one box, on every keystroke, over a county's 200 000 members: an ID prefix
(``3302``), the start of a name (``张``), full pinyin (``zhangw``) or initials (``zw``). Each member
owns a few rows in ``member_search_keys`` (key, member_id) and a search is one index range scan
``key >= p AND key < p'`` (``p'`` is ``p`` with its last character incremented, the tightest upper
bound for every code point, including the rare characters above U+FFFF that ``p || U+FFFF``
would miss).

Surnames are often heteronyms (单 shan/dan, 曾 zeng/ceng, 解 xie/jie, 区 ou/qu): a clerk types the
reading she knows, and may not know the "right" one, so every reading pypinyin gives is indexed.
The number of combinations grows with the product of the readings, so each member gets at most
:data:`MAX_COMBINATIONS` full-pinyin and initials keys, most likely readings first (fewest
unusual readings, the surname varied before the given name).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import combinations, islice, product
from typing import Any

from pypinyin import Style, pinyin
from sqlalchemy import and_, delete, exists, func, literal, select
from sqlalchemy.orm import Session

from db.models import Member, MemberSearchKey, Unit

MAX_COMBINATIONS = 16  # per member, for full pinyin and again for initials
MAX_KEY_LENGTH = 80  # the column's declared length
SORT_KEYS = ("name", "id_number", "unit", "birth_date")

# The reading of a character when it is a surname, where it differs from the everyday one;
# it goes first (the sort key and the first keys), the other readings are indexed as well.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "单": ("shan",),
    "曾": ("zeng",),
    "解": ("xie",),
    "仇": ("qiu",),
    "区": ("ou",),
    "查": ("zha",),
    "朴": ("piao",),
    "缪": ("miao",),
    "翟": ("zhai",),
    "盖": ("ge",),
    "覃": ("qin",),
    "乐": ("yue",),
    "召": ("shao",),
    "种": ("chong",),
    "繁": ("po",),
    "尉": ("yu",),
    "折": ("she",),
    "隗": ("wei",),
    "秘": ("bi",),
    "能": ("nai",),
    "卜": ("bu",),
    "句": ("gou",),
    "宿": ("su",),
    "员": ("yun",),
    "贲": ("ben",),
    "谌": ("chen",),
    "柏": ("bai",),
    "薄": ("bo",),
    "燕": ("yan",),
    "长孙": ("zhang", "sun"),
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "令狐": ("ling", "hu"),
}

_DROP = {" ", "\u3000", "\u00a0", "\t", "\u200b", "\ufeff"}


def normalise_text(text: str) -> str:
    """The form keys and queries are compared in: NFKC (full-width to ASCII), lower-case,
    no spaces, and one middle dot for the several that minority names are written with."""
    t = unicodedata.normalize("NFKC", text or "").casefold()
    t = t.replace("•", "·").replace("・", "·").replace("．", "·")
    return "".join(ch for ch in t if ch not in _DROP)


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x3134F
        or 0xF900 <= cp <= 0xFAFF
    )


@lru_cache(maxsize=50_000)
def _char_readings(ch: str) -> tuple[str, ...]:
    """Every reading of one character (``lv`` also as ``lu``); a Latin letter or digit reads
    as itself; other marks (the middle dot) have none."""
    if _is_han(ch):
        out: list[str] = []
        for r in pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")[0]:
            for variant in (r, r.replace("v", "u")) if "v" in r else (r,):
                if variant and variant.isascii() and variant not in out:
                    out.append(variant)
        return tuple(out)
    if ch.isascii() and ch.isalnum():
        return (ch,)
    return ()


@lru_cache(maxsize=100_000)
def _readings(name: str) -> tuple[tuple[str, ...], ...]:
    """Per character of the (normalised) name, its readings with the most likely first: the
    surname's reading from :data:`SURNAME_READINGS`, else pypinyin's most common reading.

    Characters are read one by one, not as a phrase: a name is not a word of the dictionary
    (长乐 as a name is not the phrase 长乐), and per-character lookups are cached, which keeps
    a 20 000-row import fast."""
    surname: tuple[str, ...] = ()
    for n in (2, 1):
        if name[:n] in SURNAME_READINGS:
            surname = SURNAME_READINGS[name[:n]]
            break
    out: list[tuple[str, ...]] = []
    for i, ch in enumerate(name):
        rs = _char_readings(ch)
        if not rs:
            continue
        first = surname[i] if i < len(surname) else ""
        if first and first in rs and rs[0] != first:
            rs = (first, *(r for r in rs if r != first))
        out.append(rs)
    return tuple(out)


def _combinations(readings: Sequence[tuple[str, ...]]) -> Iterator[tuple[str, ...]]:
    """All reading combinations, the most likely first: the main one, then those with one
    unusual reading (position by position, the surname first), then two, and so on.
    Lazy, so a long name with many heteronyms costs only what is taken."""
    n = len(readings)
    main = tuple(r[0] for r in readings)
    yield main
    for k in range(1, n + 1):
        for positions in combinations(range(n), k):
            alts = [readings[p][1:] for p in positions]
            if not all(alts):
                continue
            for choice in product(*alts):
                combo = list(main)
                for p, r in zip(positions, choice, strict=True):
                    combo[p] = r
                yield tuple(combo)


def name_sort_key(name: str) -> str:
    """The name's pinyin, syllables separated by spaces (``"zhang wei"``): sorts like a
    Chinese phone book (``li ming`` before ``liang``)."""
    readings = _readings(normalise_text(name))
    return " ".join(r[0] for r in readings)[:200]


def keys_for(name: str, id_number: str) -> set[str]:
    """Everything a member can be found by: the ID number, the name, and the pinyin of the
    name, in full and as initials, for each likely combination of readings."""
    keys: set[str] = set()
    idn = normalise_text(id_number)
    if idn:
        keys.add(idn)
    nm = normalise_text(name)
    if nm:
        keys.add(nm[:MAX_KEY_LENGTH])
        readings = _readings(nm)
        if readings:
            full: set[str] = set()
            initials: set[str] = set()
            # Bound the work too, not only the result: a few hundred combinations at most.
            for combo in islice(_combinations(readings), MAX_COMBINATIONS * 16):
                if len(full) < MAX_COMBINATIONS:
                    full.add("".join(combo)[:MAX_KEY_LENGTH])
                if len(initials) < MAX_COMBINATIONS:
                    initials.add("".join(r[0] for r in combo)[:MAX_KEY_LENGTH])
                if len(full) >= MAX_COMBINATIONS and len(initials) >= MAX_COMBINATIONS:
                    break
            keys |= full | initials
    keys.discard("")
    return keys


def index_members(session: Session, members: Iterable[tuple[int, str, str]]) -> int:
    """Add the keys of new members ``(member_id, name, id_number)`` in bulk; returns the count.
    For bulk inserts (roster import, demo data) that bypass :func:`reindex_member`; one
    ``executemany`` on the session's connection, the fastest way SQLite takes rows."""
    rows = [
        (k, name_sort_key(name), member_id)
        for member_id, name, number in members
        for k in keys_for(name, number)
    ]
    if rows:
        session.connection().exec_driver_sql(
            "INSERT INTO member_search_keys (key, sort_key, member_id) VALUES (?, ?, ?)", rows
        )
    return len(rows)


def reindex_member(session: Session, member_id: int, name: str, id_number: str) -> None:
    """Replace one member's keys (after an insert or a change of name or ID number)."""
    session.execute(delete(MemberSearchKey).where(MemberSearchKey.member_id == member_id))
    index_members(session, [(member_id, name, id_number)])


def prefix_bounds(prefix: str) -> tuple[str, str]:
    """``(lo, hi)`` with ``lo <= key < hi`` exactly for the keys starting with ``prefix``."""
    last = ord(prefix[-1])
    return prefix, prefix[:-1] + chr(last + 1)


BROAD_MATCH = 5_000  # key rows: beyond this a query is "broad"
DENSE_PROBE = 2  # a broad query's first page is looked for among limit × this first members


def _broad(session: Session, in_range: Any) -> bool:
    """Does the key range hold at least :data:`BROAD_MATCH` rows? Counting stops there, so
    this costs at most a few milliseconds."""
    capped = select(literal(1)).where(in_range).limit(BROAD_MATCH).subquery()
    return session.execute(select(func.count()).select_from(capped)).scalar_one() >= BROAD_MATCH


def member_ids(
    session: Session,
    text: str,
    *,
    sort: str = "name",
    descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    """Ids of the members matching ``text`` (every member when it is blank), sorted in SQL.

    Runs on the GUI thread on every keystroke, on a read-only unit of work: one range scan
    of the key index, then the sort.
    """
    if sort not in SORT_KEYS:
        raise ValueError(f"sort must be one of {SORT_KEYS}")
    q = normalise_text(text)[:MAX_KEY_LENGTH]
    stmt = select(Member.id)
    if q:
        lo, hi = prefix_bounds(q)
        in_range = and_(MemberSearchKey.key >= lo, MemberSearchKey.key < hi)
        if limit is not None and sort in ("name", "id_number") and _broad(session, in_range):
            # Many members match ("3308" in a county whose IDs all start so, "z"): walk the
            # sort index and keep the first ``limit`` members that have a matching key,
            # instead of collecting and sorting every match only to keep a page.
            matching = exists().where(MemberSearchKey.member_id == Member.id, in_range)
            if sort == "name" and not descending:
                return _first_page_by_name(session, matching, in_range, limit)
            stmt = stmt.where(matching)
        else:
            stmt = stmt.where(Member.id.in_(select(MemberSearchKey.member_id).where(in_range)))
    order: list[object]
    if sort == "name":
        # (name_pinyin, id) is exactly the order of the index on name_pinyin: no sort step,
        # and a page stops early.
        order = [Member.name_pinyin]
    elif sort == "id_number":
        order = [Member.id_number]
    elif sort == "birth_date":
        order = [Member.birth_date, Member.name_pinyin]
    else:
        stmt = stmt.outerjoin(Unit, Unit.id == Member.unit_id)
        # By unit code (a county's units are known by code; names would sort by code point,
        # not pinyin); members with no unit go last whichever way the list is sorted.
        order = [Unit.id.is_(None), Unit.code, Member.name_pinyin]
    order.append(Member.id)
    if descending:
        keep_first = order[:1] if sort == "unit" else []
        rest = order[1:] if sort == "unit" else order
        order = [*keep_first, *(c.desc() for c in rest)]  # type: ignore[attr-defined]
    stmt = stmt.order_by(*order)  # type: ignore[arg-type]
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt).scalars())


def _first_page_by_name(session: Session, matching: Any, in_range: Any, limit: int) -> list[int]:
    """The first ``limit`` matching members in name order, for a broad query.

    Where matches are dense ("3308": nearly everyone) they are among the first members in name
    order. Otherwise ("z", whose matches mostly sort last) the walk of the name index starts at
    the smallest sort key of the matching key rows, read from the key index alone
    (``member_search_keys`` holds each member's sort key): every match sorts there or after it,
    so nothing before it needs looking at. A key row whose sort key is too low (a bulk insert
    that left it blank) moves the start earlier, which costs time, not results.
    """
    order = (Member.name_pinyin, Member.id)
    # The sort key of the last of the first members: a walk up to it stops at ``limit``
    # matches when they are dense, and looks at no more than those members when they are not.
    edge = session.execute(
        select(Member.name_pinyin).order_by(*order).offset(limit * DENSE_PROBE - 1).limit(1)
    ).scalar()
    if edge is not None:
        probe = (
            select(Member.id)
            .where(Member.name_pinyin <= edge, matching)
            .order_by(*order)
            .limit(limit)
        )
        ids = list(session.execute(probe).scalars())
        if len(ids) == limit:
            return ids
    lowest = session.execute(select(func.min(MemberSearchKey.sort_key)).where(in_range)).scalar()
    if lowest is None:
        return []
    stmt = (
        select(Member.id)
        .where(Member.name_pinyin >= lowest, matching)
        .order_by(*order)
        .limit(limit)
    )
    return list(session.execute(stmt).scalars())
