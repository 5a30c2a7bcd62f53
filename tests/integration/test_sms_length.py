"""The SMS list counted against one message (70 characters): the default template fits one SMS
for a long name, a five-figure amount and a long county name; messages that do not fit are
counted and said by `desk-app pay`'s summary, not silently sent as two."""

from __future__ import annotations

from datetime import date

from desk_app.payments import lists
from desk_app.system import settings
from desk_app.system.settings import update_settings
from tests.integration.payments_support import county, pay, three_stays

__all__ = ["county"]


def test_the_default_template_fits_one_message_for_a_long_case():
    text = lists.sms_sample(settings.SMS_TEMPLATE.default, "衢州市柯城区总工会")
    assert "欧阳明华" in text and "12345.67" in text
    assert len(text) <= lists.SMS_LIMIT and lists.sms_parts(text) == 1


def test_a_long_text_is_sent_as_several_messages():
    assert lists.sms_parts("字" * 70) == 1
    assert lists.sms_parts("字" * 71) == 2 and lists.sms_parts("字" * 135) == 3


def test_messages_longer_than_one_sms_are_counted(county):
    three_stays(county)
    with county.db.uow() as uow:
        long = settings.SMS_TEMPLATE.default + "如有疑问，请携带身份证到服务中心咨询。" * 2
        update_settings(uow, county.actors["admin"], {"sms.template": long})
        uow.commit()
    _batch, files = pay(county, date(2015, 8, 20), confirm=False)
    assert (files.messages, files.long_messages) == (1, 1)


def test_the_pay_summary_says_how_many_messages_are_long():
    from pathlib import Path

    from desk_app.cli.commands.pay import _line
    from desk_app.payments.model import BatchView, ListFiles
    from tests.integration.payments_support import D

    view = BatchView(1, "ZF2015-0001", date(2015, 8, 20), "paid", 2, D("600.00"), 0, 0, 0,
                     "reviewer", "reviewer", None)  # fmt: skip
    files = ListFiles(Path("b.xlsx"), Path("s.xlsx"), messages=2, long_messages=1)

    class Ctx:
        lang = "zh"

    assert "其中 1 条超过 70 字" in _line(Ctx(), view, files, 0)  # type: ignore[arg-type]
