"""Bank list layouts (代发格式): each shipped layout chosen in the settings, its file written for a
batch and read back the way a bank's import tool reads it (pandas, from the header on row 1),
its total line equal to the batch's transfers; a name the layout's encoding cannot carry is
refused in words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from base.errors import ValidationError
from desk_app.payments import layouts
from desk_app.people.members import MemberInput, update_member
from desk_app.system import settings
from desk_app.system.settings import update_settings
from tests.conftest import PASSWORDS, run_cli
from tests.integration.payments_support import county, pay, three_stays

__all__ = ["county"]
AUG20 = date(2015, 8, 20)


def choose(c, code: str) -> None:
    with c.db.uow() as uow:
        update_settings(uow, c.actors["admin"], {"bank.layout": code})
        uow.commit()


def read_back(path: Path, layout: layouts.BankLayout) -> pd.DataFrame:
    """The bank's file as a bank's tool reads it: the first line is the header, text as text."""
    if layout.format == "xlsx":
        return pd.read_excel(path, sheet_name="代发明细", header=0, dtype=str, engine="openpyxl")
    sep = layout.delimiter
    return pd.read_csv(path, sep=sep, header=0, dtype=str, encoding=layout.encoding)


def test_the_desk_ships_several_layouts_the_standard_one_first():
    codes = layouts.shipped_codes()
    assert codes[0] == "standard" and len(codes) >= 4
    assert {layouts.load(c).format for c in codes} == {"xlsx", "csv", "txt"}


@pytest.mark.parametrize("code", layouts.shipped_codes())
def test_each_layout_reads_back_with_the_header_on_row_1_and_its_total(county, code):
    s = three_stays(county)
    choose(county, code)
    layout = layouts.load(code)
    _batch, files = pay(county, AUG20, confirm=False)
    assert files.layout == code and files.bank_file is not None
    assert files.bank_file.suffix == layout.suffix
    frame = read_back(files.bank_file, layout)
    assert list(frame.columns) == layout.titles()
    body, last = frame.iloc[:-1], frame.iloc[-1]
    assert layout.total.label in set(last.dropna())
    paid = {s["zhang"].id_number: Decimal("400.00"), s["wang"].id_number: Decimal("200.00")}
    id_title = next(c.title for c in layout.columns if c.field == "id_number")
    assert list(body[id_title]) == list(paid)  # whole, as text: no 3.3E+17
    account_title = next(c.title for c in layout.columns if c.field == "account")
    assert list(body[account_title]) == ["6222000011112222", "6222000033334444"]
    amount = next(c for c in layout.columns if c.field in ("amount", "amount_fen"))
    unit = Decimal("0.01") if amount.field == "amount_fen" else Decimal(1)
    amounts = [Decimal(v) * unit for v in body[amount.title]]
    assert amounts == list(paid.values())
    assert Decimal(last[amount.title]) * unit == sum(amounts) == Decimal("600.00")


def test_a_text_layout_also_keeps_the_workbook_with_the_missing_accounts(county):
    three_stays(county)
    choose(county, "csv_gbk")
    _batch, files = pay(county, AUG20, confirm=False)
    assert files.bank.suffix == ".xlsx" and files.bank.exists()
    missing = pd.read_excel(
        files.bank, sheet_name="缺少账号", header=0, dtype=str, engine="openpyxl"
    )
    assert list(missing["姓名"]) == ["李秀英"]
    assert files.bank_file.read_bytes().startswith("序号,账号,户名".encode("gbk"))


def test_a_name_gbk_cannot_write_is_refused_in_words(county):
    s = three_stays(county)
    with county.db.uow() as uow:
        update_member(
            uow,
            county.clerk,
            county.zhang,
            MemberInput(id_number=s["zhang"].id_number, name="张䶮", phone="13800000001",
                        unit_id=county.power, bank_account="6222000011112222"),
        )  # fmt: skip
        uow.commit()
    choose(county, "txt_fen")
    with pytest.raises(ValidationError) as err:
        pay(county, AUG20, confirm=False)
    assert "䶮" in err.value.message.zh and "GBK" in err.value.message.zh.upper()
    assert not (county.tmp / "lists" / "代发明细_ZF2015-0001.txt").exists()
    assert s  # the batch was not kept either: the transaction rolled back


def test_an_unknown_layout_is_refused_by_the_settings(county):
    with county.db.uow() as uow, pytest.raises(ValidationError):
        update_settings(uow, county.actors["admin"], {"bank.layout": "no-such-bank"})


def test_a_broken_layout_file_is_refused_in_words():
    with pytest.raises(ValidationError) as err:
        layouts.parse('format = "xlsx"\ncolumns = [{ field = "name", title = "户名" }]\n', "x")
    assert "没有金额列" in err.value.message.zh
    with pytest.raises(ValidationError):
        layouts.parse('format = "pdf"\n', "x")


def test_the_layout_is_chosen_from_the_command_line(db, actors, data_dir):
    listed = run_cli("settings", "layouts", data_dir=data_dir)
    assert listed.code == 0 and listed.out.splitlines()[0].startswith("standard\txlsx")
    r = run_cli(
        "settings", "set", "bank.layout", "txt_fen", "--user", "admin",
        input=PASSWORDS["admin"] + "\n", data_dir=data_dir,
    )  # fmt: skip
    assert r.code == 0, r.err
    with db.reader() as uow:
        assert settings.get(uow.session, settings.BANK_LAYOUT) == "txt_fen"
    bad = run_cli(
        "settings", "set", "bank.layout", "nope", "--user", "admin",
        input=PASSWORDS["admin"] + "\n", data_dir=data_dir,
    )  # fmt: skip
    assert bad.code != 0 and "bank.layout" in bad.err
    assert "bank.layout\ttxt_fen" in run_cli("settings", "list", data_dir=data_dir).out
