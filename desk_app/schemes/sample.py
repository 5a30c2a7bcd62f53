"""Synthetic settlement records (FILES.md §2 plus 份数 and 人员类别) for trying a scheme:
deterministic for a seed, each person's rows together, written as CSV row by row (any size in
constant memory). Used by the simulation's tests and benchmarks, and handy for a demonstration.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from desk_app.schemes.settlements import SETTLEMENT_HEADER

HEADER = [*SETTLEMENT_HEADER, "份数", "人员类别"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
_HOSPITALS = ["衢州市人民医院", "衢州市中医医院", "浙江大学医学院附属第一医院", "江山市人民医院"]
_DISEASES = [
    ("K35.8", "急性阑尾炎"),
    ("J18.9", "肺炎"),
    ("I63.9", "脑梗死"),
    ("C50.9", "乳腺恶性肿瘤"),
    ("N18.5", "慢性肾脏病5期"),
    ("E11.9", "2型糖尿病"),
    ("I10", "原发性高血压"),
]
_WEIGHTS = (1, 7, 9, 10, 5, 8, 4, 2, 1, 0, 3, 7, 9, 10, 5, 8, 4)


def _id_number(rng: random.Random, n: int) -> str:
    """An 18-digit resident ID with a valid GB 11643 check character, unique per ``n``."""
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 40))
    # The place code carries n's higher digits, so IDs are unique for ten million persons.
    body = f"33{(n // 1000) % 100:02d}{n // 100000 % 100:02d}{born:%Y%m%d}{n % 1000:03d}"
    total = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def _money(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def rows(persons: int, *, year: int = 2015, seed: int = 1) -> Iterator[list[str]]:
    """Data rows (no header) for ``persons`` persons, each with 1 to 4 receipts."""
    rng = random.Random(seed)
    start = date(year, 1, 1)
    for n in range(persons):
        name = rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.choice((1, 2))))
        id_number = _id_number(rng, n)
        category = rng.choices(["", "困难职工", "劳模"], weights=(90, 8, 2))[0]
        stays = rng.choices((1, 2, 3, 4), weights=(60, 25, 10, 5))[0]
        for s in range(stays):
            code, disease = rng.choice(_DISEASES)
            hospital = rng.choice(_HOSPITALS)
            inpatient = rng.random() < 0.7
            day = start + timedelta(days=rng.randrange(360))
            deductible = rng.choice((0, 30000, 60000, 80000)) if inpatient else 0
            copay = rng.randrange(0, 3_000_000 if inpatient else 200_000)
            over_cap = rng.randrange(0, 5_000_000) if rng.random() < 0.02 else 0
            class_b = rng.randrange(0, 300_000)
            self_funded = rng.randrange(0, 500_000)
            fund = rng.randrange(0, 10_000_000 if inpatient else 500_000)
            other = rng.randrange(0, 1_000_000) if rng.random() < 0.05 else 0
            parts = [fund, other, deductible, copay, over_cap, class_b, self_funded]
            yield [
                name,
                id_number,
                hospital,
                f"{n:07d}{s}",
                "住院" if inpatient else "门诊",
                day.isoformat() if inpatient else "",
                (day + timedelta(days=rng.randrange(1, 30))).isoformat() if inpatient else "",
                "" if inpatient else day.isoformat(),
                code,
                disease,
                _money(sum(parts)),
                *(_money(p) for p in parts),
                "1",
                category,
            ]


def write_csv(path: Path, persons: int, *, year: int = 2015, seed: int = 1) -> int:
    """Write a settlement CSV (UTF-8 with the signature Excel expects); returns the row count."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for row in rows(persons, year=year, seed=seed):
            w.writerow(row)
            count += 1
    return count


def write_csv_rows(path: Path, min_rows: int, *, year: int = 2015, seed: int = 1) -> int:
    """Write at least ``min_rows`` data rows (whole persons); returns the row count."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for row in rows(10**9, year=year, seed=seed):
            if count >= min_rows and row[3].endswith("0"):
                break  # the next person starts: stop on a person boundary
            w.writerow(row)
            count += 1
    return count
