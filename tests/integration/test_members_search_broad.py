"""The first page of a broad search (thousands of matches) is the same page as sorting every
match, whether the matches sort first, last, or only through a rare reading of a surname."""

from __future__ import annotations

from datetime import date

import pytest

from db.models import Member
from desk_app.people import members, search
from desk_app.people.idcard import make_id_number

# Names that sort early (a…, b…) around a few that sort last (z…), and names that match a
# letter only through a rarer reading of their surname: 丁 is ding (sorted among the d's) and
# zheng; 长 is zhang (sorted among the z's) and chang.
EARLY = ["安琪", "白雪", "鲍明", "蔡文", "毕华", "艾丽", "包强", "柏林"]
LATE = ["张伟", "赵敏", "周杰", "朱红", "郑浩", "钟山"]
RARE = ["丁一", "长江"]


def _add(db, names: list[str], *, blank_sort_key: bool = False) -> list[int]:
    """Members with these names (IDs of area 330802), indexed; ``blank_sort_key`` leaves the
    key rows' sort key empty, as a bulk insert that does not know it would."""
    ids = []
    with db.uow() as uow:
        s = uow.session
        start = s.query(Member).count()
        for n, name in enumerate(names, start=start):
            m = Member(
                id_number=make_id_number("330802", date(1970, 1, 1), n),
                name=name,
                name_pinyin=search.name_sort_key(name),
                gender="M",
                birth_date=date(1970, 1, 1),
                categories="",
            )
            s.add(m)
            s.flush()
            ids.append(m.id)
            for key in search.keys_for(name, m.id_number):
                s.connection().exec_driver_sql(
                    "INSERT INTO member_search_keys (key, sort_key, member_id) VALUES (?, ?, ?)",
                    (key, "" if blank_sort_key else m.name_pinyin, m.id),
                )
        uow.commit()
    return ids


def _page(db, text: str, limit: int) -> list[int]:
    with db.reader() as uow:
        return members.search_member_ids(uow, text, limit=limit)


def _all_sorted(db, text: str) -> list[int]:
    with db.reader() as uow:
        return members.search_member_ids(uow, text)


@pytest.fixture
def broad(monkeypatch):
    """Every query with a few key rows counts as broad, and the dense probe looks at few."""
    monkeypatch.setattr(search, "BROAD_MATCH", 3)
    monkeypatch.setattr(search, "DENSE_PROBE", 2)


def test_matches_that_sort_last_give_the_same_first_page(db, broad):
    _add(db, EARLY * 6 + LATE + RARE)
    every = _all_sorted(db, "z")
    assert len(every) == len(LATE) + len(RARE)
    assert _page(db, "z", 5) == every[:5]


def test_a_surname_read_its_rare_way_still_comes_first_in_name_order(db, broad):
    ids = _add(db, EARLY * 6 + RARE + LATE)
    ding, chang = ids[len(EARLY) * 6], ids[len(EARLY) * 6 + 1]
    page = _page(db, "z", 3)
    assert page[0] == ding  # ding yi sorts before every z name, and matches "z" as zheng yi
    assert page == _all_sorted(db, "z")[:3]
    assert chang in _all_sorted(db, "c")  # chang jiang, sorted as zhang jiang
    assert _page(db, "c", 3) == _all_sorted(db, "c")[:3]


def test_a_query_nearly_everyone_matches_gives_the_first_members_by_name(db, broad):
    _add(db, EARLY * 4 + LATE)
    assert _page(db, "3308", 7) == _all_sorted(db, "3308")[:7]
    assert _page(db, "3308", 7) == _all_sorted(db, "")[:7]


def test_key_rows_without_their_sort_key_cost_time_not_results(db, broad):
    _add(db, EARLY * 6)
    _add(db, LATE + RARE, blank_sort_key=True)
    assert _page(db, "z", 4) == _all_sorted(db, "z")[:4]


def test_a_broad_query_with_fewer_matches_than_a_page_gives_them_all(db, broad):
    _add(db, EARLY * 6 + LATE)
    assert _page(db, "zh", 200) == _all_sorted(db, "zh")
