"""Demo data: a realistic county for trials, screenshots and benchmarks.

``build_demo`` fills an empty database with a county union (绍兴市越城区总工会), units with their
industries, members with valid resident IDs and plausible names, ages and categories, the example
schemes (and current-year versions of two of them, so the desk has a live period), enrollments
by unit batches, and — through the real claim and payment services — claims in every state.
Bulk rows go in with Core inserts (fast enough for 200 000 members in well under a minute) and
keep what the ORM would keep: search keys, the sync outbox, the audit log.
"""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any, cast

from sqlalchemy import Table, func, select

from base.clock import now, today
from base.errors import Conflict, msg
from base.progress import Progress, check, report
from db import Database
from db.base import new_uid
from db.models import Member, MemberSearchKey, Unit
from desk_app.access import audit
from desk_app.access.auth import SYSTEM
from desk_app.demo import bulk_rows, enrollments
from desk_app.people import search
from desk_app.schemes import store
from desk_app.system import settings

COUNTY_CODE = "330602"
COUNTY_NAME = "绍兴市越城区总工会"

# Surnames roughly by frequency (the common ones repeated), with heteronyms the search must
# handle (单, 曾, 解, 查, 乐, 仇).
_SURNAMES = (
    "王王王王李李李李张张张张刘刘刘陈陈陈杨杨黄黄赵赵吴吴周周徐徐孙马朱胡郭何高林罗郑梁谢宋唐"
    "许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白"
    "邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单解查乐仇俞楼裘章"
)
_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林建国峰东文海亮志晨阳坤荣兵"
_FEMALE = "芳娜敏静丽艳娟霞燕玲婷雪慧红梅琳颖倩洁萍琴云莉兰凤丹晶佳欣悦璐婕蓉秀英"
_MIDDLE = "国建志永世文晓小春海金玉秀立德明天宏伟嘉子一思雨"
# Birth places: the county itself and its neighbours mostly, some from other provinces.
_REGIONS = (
    ["330602"] * 8
    + ["330603"] * 4
    + ["330604"] * 3
    + ["330624", "330681", "330683"] * 2
    + ["330102", "330782", "330802", "330502", "340121", "362321", "511321", "412727", "522121"]
)
_INDUSTRIES = [
    (
        "制造业",
        ["纺织有限公司", "印染有限公司", "机械制造有限公司", "电器有限公司", "化纤有限公司"],
    ),
    ("建筑业", ["建设集团有限公司", "建筑工程有限公司", "市政工程有限公司"]),
    ("教育", ["中学", "实验小学", "职业技术学校", "幼儿园"]),
    ("卫生", ["社区卫生服务中心", "人民医院", "中医院"]),
    ("交通运输", ["公交集团有限公司", "物流有限公司", "客运有限公司"]),
    ("金融业", ["农村商业银行", "信用社", "保险支公司"]),
    ("批发零售", ["商贸有限公司", "超市有限公司", "医药连锁有限公司"]),
    ("机关事业", ["街道办事处", "市场监督管理所", "税务分局", "文化馆"]),
    ("信息技术", ["信息技术有限公司", "网络科技有限公司"]),
    ("电力燃气", ["供电公司", "燃气有限公司", "水务集团"]),
    ("住宿餐饮", ["大酒店", "餐饮管理有限公司"]),
]
_UNIT_WORDS = [
    *("鉴湖", "稽山", "越秀", "古越", "兰亭", "会稽", "若耶", "镜湖", "府山", "塔山"),
    *("迪荡", "城南", "东湖", "北海", "灵芝", "皋埠", "陶堰", "富盛", "马山", "孙端"),
]
_TOML_KEY = re.compile(r"^(code|name|period_start|period_end)\s*=.*$", re.M)


@dataclass(frozen=True)
class DemoSummary:
    units: int
    members: int
    schemes: int
    enrollments: int
    claims: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@lru_cache(maxsize=200_000)
def _name_keys(name: str) -> tuple[str, frozenset[str]]:
    """A name's sort key and search keys (names repeat: pinyin is the slow part)."""
    return search.name_sort_key(name), frozenset(search.keys_for(name, ""))


def _id_number(rng: random.Random, birth: date, male: bool, taken: set[str]) -> str:
    while True:
        seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
        body = f"{rng.choice(_REGIONS)}{birth:%Y%m%d}{seq:03d}"
        if body in taken:
            continue
        taken.add(body)
        total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(body))
        return body + "10X98765432"[total % 11]


def _name(rng: random.Random, male: bool) -> str:
    pool = _MALE if male else _FEMALE
    surname = rng.choice(_SURNAMES)
    if rng.random() < 0.55:
        return surname + rng.choice(_MIDDLE) + rng.choice(pool)
    return surname + rng.choice(pool)


def _scheme_text(name: str) -> str:
    return resources.files("desk_app.data.schemes").joinpath(name).read_text(encoding="utf-8")


def _year_version(text: str, year: int, code: str, title: str) -> str:
    """The shipped scheme moved to ``year`` (same rules, a new code): a live period for the
    demo, since the articles' schemes are historical."""
    values = {
        "code": f'"{code}"',
        "name": f'"{title}"',
        "period_start": f"{year}-01-01",
        "period_end": f"{year}-12-31",
    }
    return _TOML_KEY.sub(lambda m: f"{m.group(1)} = {values[m.group(1)]}", text)


def _schemes(db: Database, year: int) -> dict[str, int]:
    texts = [
        _scheme_text(p.name)
        for p in sorted(resources.files("desk_app.data.schemes").iterdir(), key=lambda p: p.name)
        if p.name.endswith(".toml")
    ]
    sx = _scheme_text("shaoxing-2015.toml")
    hz = _scheme_text("huzhou-critical-2013.toml")
    texts += [
        _year_version(
            sx, year - 1, f"SX-{year - 1}-ZY", f"绍兴市职工住院医疗互助保障（{year - 1}年度）"
        ),
        _year_version(sx, year, f"SX-{year}-ZY", f"绍兴市职工住院医疗互助保障（{year}年度）"),
        _year_version(hz, year, f"HZ-{year}-ZDJB", f"湖州市职工重大疾病互助保障（{year}年度）"),
    ]
    out: dict[str, int] = {}
    with db.uow() as uow:
        for text in texts:
            row = store.import_scheme(uow, SYSTEM, text, source_name="demo").value
            out[row.code] = row.id
        uow.commit()
    return out


def build_demo(
    db: Database,
    *,
    members: int = 2000,
    seed: int = 1,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> DemoSummary:
    """Fill an empty database with a demo county; refuses a database that has members.

    Runs on a worker thread in the window (it takes its own transactions).
    """
    started = time.perf_counter()
    rng = random.Random(seed)
    with db.reader() as uow:
        if uow.session.execute(select(func.count(Member.id))).scalar_one():
            raise Conflict(
                msg(
                    "数据库中已有职工，演示数据只能装入空数据库",
                    "the database has members already: demo data needs an empty one",
                )
            )
    year = today().year
    report(progress, 0.01, "导入方案")
    with db.uow() as uow:
        s = uow.session
        settings.put(s, settings.SITE_CODE, COUNTY_CODE)
        settings.put(s, settings.COUNTY_CODE, COUNTY_CODE)
        settings.put(s, settings.COUNTY_NAME, COUNTY_NAME)
        uow.commit()
    scheme_ids = _schemes(db, year)
    check(cancel)
    from desk_app.demo.claims import demo_actors

    clerk, _reviewer = demo_actors(db)  # the demo's people record what it enrolled

    with db.uow() as uow:
        s = uow.session
        stamp = now()
        report(progress, 0.05, "生成单位")
        units = _units(s, rng, max(5, members // 120), stamp)
        report(progress, 0.1, "生成职工")
        member_ids = _members(s, rng, members, units, stamp, progress, cancel)
        check(cancel)
        report(progress, 0.5, "生成参保记录")
        enrolled = enrollments.enroll_units(
            s, rng, year, member_ids, units, scheme_ids, clerk.login
        )
        check(cancel)
        audit.record(
            s,
            SYSTEM.login,
            "demo.build",
            "demo",
            detail={"members": members, "units": len(units), "seed": seed},
        )
        uow.commit()
    from desk_app.demo import claims as demo_claims

    claims = demo_claims.build_claims(
        db, members=members, seed=seed, progress=progress, cancel=cancel
    )
    report(progress, 1.0, "完成")
    return DemoSummary(
        units=len(units),
        members=len(member_ids),
        schemes=len(scheme_ids),
        enrollments=enrolled,
        claims=claims,
        seconds=time.perf_counter() - started,
    )


def _units(s: Any, rng: random.Random, n: int, stamp: Any) -> list[tuple[int, str]]:
    rows, names = [], set()
    next_id = (s.execute(select(func.max(Unit.id))).scalar() or 0) + 1
    for i in range(n):
        industry, suffixes = rng.choice(_INDUSTRIES)
        while True:
            name = f"绍兴{rng.choice(_UNIT_WORDS)}{rng.choice(suffixes)}工会委员会"
            if name not in names:
                break
            two = rng.choice(_UNIT_WORDS) + rng.choice(_UNIT_WORDS)
            name = f"绍兴{two}{rng.choice(suffixes)}工会委员会"
            if name not in names:
                break
        names.add(name)
        contact_male = rng.random() < 0.5
        rows.append(
            {
                "id": next_id + i,
                "uid": new_uid(),
                "version": 1,
                "created_at": stamp,
                "updated_at": stamp,
                "code": f"{COUNTY_CODE}{i + 1:04d}",
                "name": name,
                "industry": industry,
                "contact": _name(rng, contact_male),
                "phone": f"0575-8{rng.randrange(1000000, 9999999)}",
                "county": "越城区",
                "active": True,
            }
        )
    bulk_rows.insert(s, cast(Table, Unit.__table__), rows)
    return [(r["id"], r["industry"]) for r in rows]


def _members(
    s: Any,
    rng: random.Random,
    n: int,
    units: list[tuple[int, str]],
    stamp: Any,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> list[int]:
    taken: set[str] = set()
    next_id = (s.execute(select(func.max(Member.id))).scalar() or 0) + 1
    ref = today()
    ids: list[int] = []
    chunk = 10_000
    for start in range(0, n, chunk):
        rows: list[dict[str, Any]] = []
        keys: list[tuple[str, str, int]] = []
        for i in range(start, min(n, start + chunk)):
            mid = next_id + i
            male = rng.random() < 0.56
            age_days = rng.randrange(20 * 365, 62 * 365)
            birth = ref - timedelta(days=age_days)
            number = _id_number(rng, birth, male, taken)
            name = _name(rng, male)
            sort_key, name_keys = _name_keys(name)
            keys.extend((k, sort_key, mid) for k in name_keys)
            keys.append((number, sort_key, mid))
            cats = []
            if rng.random() < 0.04:
                cats.append("hardship")
            if rng.random() < 0.01:
                cats.append("model_worker")
            if not male:
                cats.append("female")
            mid = next_id + i
            ids.append(mid)
            rows.append(
                {
                    "id": mid,
                    "uid": new_uid(),
                    "version": 1,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "id_number": number,
                    "name": name,
                    "name_pinyin": sort_key,
                    "gender": "M" if male else "F",
                    "birth_date": birth,
                    "phone": f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}"
                    if rng.random() < 0.9
                    else None,
                    "medical_type": "employee" if rng.random() < 0.93 else "resident",
                    "categories": ",".join(sorted(cats)),
                    "bank_account": f"6217{rng.randrange(10**14, 10**15)}"
                    if rng.random() < 0.92
                    else None,
                    "unit_id": rng.choice(units)[0],
                }
            )
        bulk_rows.insert(s, cast(Table, Member.__table__), rows)
        s.connection().exec_driver_sql(
            f"INSERT OR IGNORE INTO {MemberSearchKey.__tablename__} (key, sort_key, member_id)"
            " VALUES (?, ?, ?)",
            keys,
        )
        check(cancel)
        report(progress, 0.1 + 0.4 * min(n, start + chunk) / n, "生成职工")
    return ids
