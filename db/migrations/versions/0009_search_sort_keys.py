"""member search: each key row carries its member's sort key (name pinyin), for broad queries

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-03 06:15:00.000000

``member_search_keys`` becomes (key, sort_key, member_id), all three its primary key (still
WITHOUT ROWID): the smallest sort key among the rows of a prefix range is then read from the
primary key alone, and the first page of a broad search walks the members' name index from it
(desk_app/people/search.py). The table is rebuilt (SQLite cannot change a primary key in place)
and filled from ``members.name_pinyin``.
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """CREATE TABLE member_search_keys_new (
            key VARCHAR(80) NOT NULL,
            sort_key VARCHAR(200) DEFAULT '' NOT NULL,
            member_id INTEGER NOT NULL,
            CONSTRAINT pk_member_search_keys PRIMARY KEY (key, sort_key, member_id),
            CONSTRAINT fk_member_search_keys_member_id_members FOREIGN KEY(member_id)
                REFERENCES members (id) ON DELETE CASCADE
        ) WITHOUT ROWID"""
    )
    op.execute(
        """INSERT INTO member_search_keys_new (key, sort_key, member_id)
           SELECT k.key, m.name_pinyin, k.member_id
           FROM member_search_keys AS k JOIN members AS m ON m.id = k.member_id"""
    )
    op.execute("DROP TABLE member_search_keys")
    op.execute("ALTER TABLE member_search_keys_new RENAME TO member_search_keys")
    op.execute("CREATE INDEX ix_member_search_keys_member ON member_search_keys (member_id)")


def downgrade() -> None:
    op.execute(
        """CREATE TABLE member_search_keys_old (
            key VARCHAR(80) NOT NULL,
            member_id INTEGER NOT NULL,
            CONSTRAINT pk_member_search_keys PRIMARY KEY (key, member_id),
            CONSTRAINT fk_member_search_keys_member_id_members FOREIGN KEY(member_id)
                REFERENCES members (id) ON DELETE CASCADE
        ) WITHOUT ROWID"""
    )
    op.execute(
        """INSERT OR IGNORE INTO member_search_keys_old (key, member_id)
           SELECT key, member_id FROM member_search_keys"""
    )
    op.execute("DROP TABLE member_search_keys")
    op.execute("ALTER TABLE member_search_keys_old RENAME TO member_search_keys")
    op.execute("CREATE INDEX ix_member_search_keys_member ON member_search_keys (member_id)")
