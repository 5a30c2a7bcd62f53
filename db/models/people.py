"""Units (参保单位) and members (职工)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models._common import Synced


class Unit(Synced, Base):
    """An enrolling unit (基层工会 / 参保单位)."""

    __tablename__ = "units"
    __sync_entity__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    industry: Mapped[str | None] = mapped_column(String(50))
    contact: Mapped[str | None] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(30))
    county: Mapped[str | None] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(default=True)

    members: Mapped[list[Member]] = relationship(back_populates="unit")


class Member(Synced, Base):
    """One person, whatever units and schemes they belong to; keyed by the resident ID."""

    __tablename__ = "members"
    __sync_entity__ = "member"
    __table_args__ = (
        CheckConstraint("gender IN ('M', 'F')", name="gender"),
        CheckConstraint(
            "medical_type IS NULL OR medical_type IN ('employee', 'resident')", name="medical_type"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(40), index=True)
    # The name's pinyin in its usual reading ("zhang wei"), so lists sort as clerks expect
    # (by pinyin, not by code point); kept by desk_app.people.search on every insert and update.
    name_pinyin: Mapped[str] = mapped_column(String(200), index=True, default="", server_default="")
    gender: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(20))
    medical_type: Mapped[str | None] = mapped_column(String(10))
    # Sorted, comma-separated category codes: hardship, model_worker, female, or a scheme's own.
    categories: Mapped[str] = mapped_column(String(200), default="")
    bank_account: Mapped[str | None] = mapped_column(String(40))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)

    unit: Mapped[Unit | None] = relationship(back_populates="members")

    @property
    def category_list(self) -> list[str]:
        return [c for c in self.categories.split(",") if c]


class MemberSearchKey(Base):
    """Prefix-searchable keys of a member: ID number, name, pinyin in full and initials.

    Every reading of a heteronym is indexed (单 is shan and dan), so ``sw`` and ``dw`` both find
    单伟. A search is an index range scan ``key >= p AND key < p || U+FFFF``.

    ``sort_key`` is the member's ``name_pinyin``, part of the primary key so that the smallest
    (and largest) sort key of a range is read from the key index alone: the first page of a
    broad search starts its walk there. A row with a sort key too low (``''``, from a bulk
    insert that did not give it) only makes such a search start earlier, never miss a member.
    """

    __tablename__ = "member_search_keys"
    __table_args__ = ({"sqlite_with_rowid": False},)

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    sort_key: Mapped[str] = mapped_column(
        String(200), primary_key=True, default="", server_default=""
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )


Index("ix_member_search_keys_member", MemberSearchKey.member_id)
