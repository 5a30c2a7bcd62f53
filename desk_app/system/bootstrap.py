"""What a new desk database starts with: the shipped reference lists (hospitals, ICD-10 codes)."""

from __future__ import annotations

import csv
from importlib import resources

from sqlalchemy import func, insert, select

from db.engine import UnitOfWork
from db.models import Disease, Hospital


def _rows(name: str) -> list[dict[str, str]]:
    ref = resources.files("desk_app.data").joinpath(name)
    if not ref.is_file():
        return []
    with ref.open("r", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def seed_reference_data(uow: UnitOfWork) -> None:
    """Load the shipped hospital and disease lists into empty tables (the city updates them
    later by sync)."""
    s = uow.session
    if not s.execute(select(func.count()).select_from(Hospital)).scalar_one():
        rows = [
            {
                "name": r["name"],
                "code": r.get("code") or None,
                "level": r.get("level") or None,
                "region": r.get("region") or None,
            }
            for r in _rows("hospitals.csv")
        ]
        if rows:
            s.execute(insert(Hospital), rows)
    if not s.execute(select(func.count()).select_from(Disease)).scalar_one():
        rows = [
            {"code": r["code"], "name": r["name"], "chapter": r.get("chapter") or None}
            for r in _rows("icd10.csv")
        ]
        if rows:
            s.execute(insert(Disease), rows)
