"""The wire protocol between a desk and the city server: paths, headers, error codes and the
messages both sides show. Shared by the desk's client and ``city_server`` so the two cannot
drift apart. ``docs/sync.md`` describes the message formats.
"""

from __future__ import annotations

import re
from typing import Any

from base.errors import Message, msg

API = "/api/v1"
PATH_HELLO = f"{API}/hello"
PATH_PUSH = f"{API}/push"
PATH_PULL = f"{API}/pull"
PATH_RECOVER = f"{API}/recover"
PATH_PAPERS = f"{API}/papers"  # /{sha256}: a claim paper sent up where the city wants it

HEADER_SITE = "X-Desk-Site"
HEADER_SCHEMA = "X-Desk-Schema"
HEADER_APP = "X-Desk-Version"

# The records a desk owns and sends, by the ``__sync_entity__`` of their models.
ENTITIES = (
    "unit",
    "member",
    "enrollment_batch",
    "enrollment",
    "claim",
    "receipt",
    "calculation",
    "payment_batch",
    "payment",
    "monthly_return",
)
OPS = ("upsert", "delete")

# What a desk receives from the city (the ``kind`` of a pulled item).
FEED_KINDS = ("scheme", "hospital", "disease", "finding")
FINDING_KINDS = ("duplicate_receipt", "double_enrollment")

UID_RE = re.compile(r"^[0-9A-Za-z_-]{8,64}$")
SITE_RE = re.compile(r"^[0-9A-Za-z_-]{1,32}$")

# A request body larger than this (after gzip is undone) is refused: one batch is a few MB.
MAX_BODY_BYTES = 64 * 1024 * 1024

# Error codes in the server's JSON answers {"error": CODE, "message": {"zh": .., "en": ..}}.
E_AUTH = "auth_failed"  # 401: unknown site or wrong token
E_REVOKED = "site_revoked"  # 403
E_SCHEMA = "schema_version"  # 426: the server cannot serve this desk's schema version
E_NOT_OWNER = "not_owner"  # 409: a record of another site
E_REGRESSED = "seq_regressed"  # 409: the desk's sequence went back (restored from a backup)
E_VERSION = "version_conflict"  # 409: the city holds a newer version (the desk is behind)
E_BAD = "bad_request"  # 400 (413: a body over the limit)
E_THROTTLED = "throttled"  # 429: too many wrong tokens from this address or for this site
E_SERVER = "server_error"  # 500
MAX_RECOVER = 5000  # records per page of GET /recover
E_PAPERS_NOT_WANTED = "papers_not_wanted"  # 403: the city has not asked this site for papers
E_UNKNOWN_PAPER = "unknown_paper"  # 404: no claim of the site names the paper
E_PAPER_OFFSET = "paper_offset"  # 409: resume at "received"
MAX_PAPER = 20 * 1024 * 1024  # one paper (the desk refuses larger files at attachment)
MAX_PART = 1024 * 1024  # one PUT of a paper


def error_body(code: str, message: Message, **extra: Any) -> dict[str, Any]:
    return {"error": code, "message": {"zh": message.zh, "en": message.en}, **extra}


def message_from(body: Any) -> Message | None:
    """The bilingual message of an error answer, if it has one."""
    if isinstance(body, dict) and isinstance(body.get("message"), dict):
        m = body["message"]
        if isinstance(m.get("zh"), str) and isinstance(m.get("en"), str):
            return Message(m["zh"], m["en"])
    return None


def upgrade_message(app_version: str) -> Message:
    """What a desk too old for the server shows."""
    major_minor = ".".join(app_version.split(".")[:2])
    return msg(
        "本机程序版本过旧，市级服务器已不再接收：请升级到 {v} 版",
        "this desk is too old for the city server: please upgrade to version {v}",
        v=major_minor,
    )


def server_too_old_message(supported: str) -> Message:
    """What a desk newer than the server shows."""
    return msg(
        "市级服务器版本较旧（只支持数据版本 {s}）：请联系市总工会升级服务器",
        "the city server is older than this desk (it serves schema version {s}): "
        "ask the city office to upgrade it",
        s=supported,
    )
