"""Realistic made-up people for the search and roster benchmarks: common surnames (with the
heteronyms 单 曾 解 among them), one- and two-character given names, valid ID numbers."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from desk_app.people.idcard import make_id_number

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤单解"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧巧美玲桂兰霞平刚桂芝建国文红燕飞鹏辉志宏晓东海波"
AREAS = ("330802", "330803", "330822", "330824", "330825", "330881", "330702", "330203", "330106")


def people(n: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    """``n`` distinct (name, id_number) pairs."""
    rnd = random.Random(seed)
    start = date(1960, 1, 1)
    for i in range(n):
        name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))
        area = AREAS[i % len(AREAS)]
        birth = start + timedelta(days=(i // len(AREAS)) % 14000)
        seq = (i // (len(AREAS) * 14000)) % 1000
        yield name, make_id_number(area, birth, seq)
