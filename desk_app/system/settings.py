"""Desk settings, each declared once: key, default, type, and what it is for (Electrum's
``ConfigVar``). Values live in the database's ``settings`` table; an unset key reads its default.

The window's own geometry and layout are not here: Qt keeps those (``QSettings`` in the data
folder), since only the window uses them.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.errors import ValidationError, msg
from db import keys
from db.connect import DatabaseErrors, connect
from db.models import Setting
from desk_app.data import bank_layouts

T = TypeVar("T")


@dataclass(frozen=True)
class SettingDef(Generic[T]):
    key: str
    default: T
    type: type
    description: str  # English, one line
    description_zh: str
    choices: tuple[Any, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    admin_only: bool = True

    def coerce(self, value: Any) -> T:
        """Check and convert a value for this setting; raises ValidationError."""
        try:
            if self.type is bool:
                if isinstance(value, str):
                    value = value.strip().lower() in ("1", "true", "yes", "on", "是")
                out: Any = bool(value)
            elif self.type is int:
                if isinstance(value, bool):
                    raise ValueError(value)
                out = int(value)
            else:
                out = str(value).strip()
        except (TypeError, ValueError) as exc:
            raise ValidationError(
                msg(
                    "设置 {k} 的值无效：{v}",
                    "setting {k}: invalid value {v!r}",
                    k=self.key,
                    v=value,
                )
            ) from exc
        if self.choices is not None and out not in self.choices:
            raise ValidationError(
                msg(
                    "设置 {k} 只能是 {c}",
                    "setting {k} must be one of {c}",
                    k=self.key,
                    c=", ".join(map(str, self.choices)),
                )
            )
        if self.type is int and (
            (self.minimum is not None and out < self.minimum)
            or (self.maximum is not None and out > self.maximum)
        ):
            raise ValidationError(
                msg(
                    "设置 {k} 应在 {lo} 到 {hi} 之间",
                    "setting {k} must be between {lo} and {hi}",
                    k=self.key,
                    lo=self.minimum,
                    hi=self.maximum,
                )
            )
        return out  # type: ignore[no-any-return]


REGISTRY: dict[str, SettingDef[Any]] = {}


def _declare(d: SettingDef[T]) -> SettingDef[T]:
    assert d.key not in REGISTRY, d.key
    REGISTRY[d.key] = d
    return d


SITE_CODE = _declare(
    SettingDef(
        "site.code",
        "000000",
        str,
        "This desk's site code (issued by the city)",
        "本服务点代码（市总工会分配）",
    )
)
COUNTY_CODE = _declare(
    SettingDef(
        "site.county_code",
        "000000",
        str,
        "County code used in the monthly return's file name",
        "区县代码（月报文件名用）",
    )
)
COUNTY_NAME = _declare(
    SettingDef(
        "site.county_name",
        "示范县总工会",
        str,
        "County union name printed on forms and SMS",
        "区县总工会名称（表单、短信落款）",
    )
)
CENTER_PHONE = _declare(
    SettingDef(
        "site.phone",
        "",
        str,
        "The service center's phone, printed on notices for questions and appeals",
        "服务中心咨询电话（印在通知书上）",
    )
)
CENTER_ADDRESS = _declare(
    SettingDef(
        "site.address",
        "",
        str,
        "The service center's address, printed on notices",
        "服务中心地址（印在通知书上）",
    )
)
IDLE_LOCK_MINUTES = _declare(
    SettingDef(
        "ui.idle_lock_minutes",
        10,
        int,
        "Minutes without input before the screen locks",
        "无操作多少分钟后锁屏",
        minimum=1,
        maximum=240,
        admin_only=False,
    )
)
LANGUAGE = _declare(
    SettingDef(
        "ui.language",
        "auto",
        str,
        "Interface language: auto (system), zh_CN or en",
        "界面语言：自动、简体中文或英文",
        choices=("auto", "zh_CN", "en"),
        admin_only=False,
    )
)
MASK_ID = _declare(
    SettingDef(
        "print.mask_id",
        True,
        bool,
        "Mask the middle of ID numbers on printed forms",
        "打印表单时隐去身份证号中间位",
    )
)
SMS_TEMPLATE = _declare(
    SettingDef(
        "sms.template",
        # 67 characters with a four-character name, a five-figure amount and a nine-character
        # county union: one SMS (70) for nearly everyone (desk_app.payments.lists.sms_sample).
        "【{county}】尊敬的{name}：职工医疗互助保障金{amount}元已于{date}转入您尾号{tail}的账户，请查收。",
        str,
        "SMS text on payment; fields {county} {name} {amount} {date} {tail}",
        "给付短信模板，可用字段 {county} {name} {amount} {date} {tail}",
    )
)
SMS_ENROLL_TEMPLATE = _declare(
    SettingDef(
        "sms.enroll_template",
        "【{county}】尊敬的{name}：您已参加{scheme}，保障期{start}至{end}，份数{shares}。",
        str,
        "SMS text on enrollment; fields {county} {name} {scheme} {start} {end} {shares}",
        "参保短信模板，可用字段 {county} {name} {scheme} {start} {end} {shares}",
    )
)
BANK_LAYOUT = _declare(
    SettingDef(
        "bank.layout",
        "standard",
        str,
        "The bank list's layout: columns, file type, encoding (docs/bank-lists.md)",
        "代发明细格式（列、文件类型、编码）",
        choices=bank_layouts.codes(),
    )
)
BACKUP_DIR = _declare(
    SettingDef(
        "backup.dir",
        "",
        str,
        "Folder for automatic backups (empty: the data folder's backups)",
        "自动备份文件夹（空则为数据文件夹下的 backups）",
    )
)
BACKUP_KEEP = _declare(
    SettingDef(
        "backup.keep",
        30,
        int,
        "How many automatic backups to keep",
        "保留自动备份的份数",
        minimum=1,
        maximum=1000,
    )
)
BACKUP_EVERY_HOURS = _declare(
    SettingDef(
        "backup.every_hours",
        24,
        int,
        "Hours between automatic backups (0: only at exit)",
        "自动备份间隔（小时，0 为仅退出时）",
        minimum=0,
        maximum=24 * 30,
    )
)
SYNC_INTERVAL_MINUTES = _declare(
    SettingDef(
        "sync.interval_minutes",
        30,
        int,
        "Minutes between scheduled syncs (0: manual only)",
        "自动同步间隔（分钟，0 为仅手动）",
        minimum=0,
        maximum=24 * 60,
    )
)
SYNC_SERVER = _declare(
    SettingDef("sync.server_url", "", str, "City server address", "市级服务器地址")
)
# Set only by ``sync setup --insecure`` (not in REGISTRY: the settings screen does not offer it).
SYNC_INSECURE = SettingDef(
    "sync.insecure",
    False,
    bool,
    "Allow a plain http:// city server that is not this PC (test networks only)",
    "允许使用非本机的 http:// 市级服务器（仅限测试网络）",
)
REVIEW_SAMPLE_PERCENT = _declare(
    SettingDef(
        "review.sample_percent",
        0,
        int,
        "Percent of approved claims drawn for a second look",
        "审批后随机抽查比例（%）",
        minimum=0,
        maximum=100,
    )
)


def get(session: Session, d: SettingDef[T]) -> T:
    row = session.execute(select(Setting).where(Setting.key == d.key)).scalar_one_or_none()
    if row is None:
        return d.default
    try:
        return d.coerce(row.value)
    except ValidationError:
        return d.default


def get_all(session: Session) -> dict[str, Any]:
    stored = {s.key: s.value for s in session.execute(select(Setting)).scalars()}
    out: dict[str, Any] = {}
    for key, d in REGISTRY.items():
        try:
            out[key] = d.coerce(stored[key]) if key in stored else d.default
        except ValidationError:
            out[key] = d.default
    return out


def put(session: Session, d: SettingDef[T], value: Any) -> T:
    """Store a checked value (no permission check: callers go through the settings service)."""
    v = d.coerce(value)
    row = session.get(Setting, d.key)
    if row is None:
        session.add(Setting(key=d.key, value=v))
    else:
        row.value = v
    return v


if TYPE_CHECKING:  # the settings service's types (imported lazily below: no import cycle)
    from base.changes import Done
    from db.engine import UnitOfWork
    from desk_app.access.auth import Actor


def update_settings(uow: UnitOfWork, actor: Actor, values: dict[str, Any]) -> Done[dict[str, Any]]:
    """The settings service: check and store several settings in one go, audited.

    Admin-only settings need ``Perm.SETTINGS`` (checked before anything changes); the others
    (the window's language and idle lock) anyone signed in may change. An unknown key or a bad
    value raises ``ValidationError`` and changes nothing. Returns ``Done({key: new value})`` with
    only the keys whose value changed; does not commit.
    """
    from base.changes import Changes, Done
    from desk_app.access import audit
    from desk_app.access.auth import Perm, authorize

    for key in values:
        if key not in REGISTRY:
            raise ValidationError(msg("没有设置项 {k}", "no setting {k}", k=key))
        if REGISTRY[key].admin_only:
            authorize(uow, actor, Perm.SETTINGS, f"setting:{key}")
    checked = {key: REGISTRY[key].coerce(v) for key, v in values.items()}
    session: Session = uow.session
    current = get_all(session)
    changed = {k: v for k, v in checked.items() if current.get(k) != v}
    for key, v in changed.items():
        put(session, REGISTRY[key], v)
    if changed:
        audit.record(session, actor.login, "settings.update", "settings", detail=changed)
    return Done(changed, Changes(settings=bool(changed), audit=bool(changed)))


_READ_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, ValueError, *DatabaseErrors)


def stored_language(database: Path) -> str | None:
    """The ``ui.language`` setting read straight from the file, before any migration (the
    language of a migration error must be known before the database is opened properly)."""
    path = database
    if not path.exists():
        return None
    try:
        conn = connect(f"file:{path}?mode=ro", keys.database_key(path), uri=True)
        try:
            row = conn.execute(
                "SELECT value FROM settings WHERE key = ?", (LANGUAGE.key,)
            ).fetchone()
        finally:
            conn.close()
    except _READ_ERRORS:
        return None
    if row is None:
        return None
    try:
        value = json.loads(row[0])
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, str) else None
