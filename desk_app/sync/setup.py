"""Setting up the sync: the city server's address and the site code checked, the server asked
whether it accepts the site and token, and all three stored (the token sealed in the key
folder)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from base.changes import Changes, Done
from base.clock import now
from base.errors import ValidationError, msg
from db.engine import UnitOfWork
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.sync import credentials, protocol
from desk_app.sync import push as push_mod
from desk_app.sync.client import CityClient, RetryPolicy, SyncError
from desk_app.system import settings


@dataclass(frozen=True)
class SyncSetup:
    server: str
    site: str
    site_name: str | None  # as the city knows it, when the server was asked


def check_url(url: str, *, insecure: bool = False) -> str:
    """A city server address, normalised; :class:`ValidationError` for anything else.

    Plain ``http://`` would send the token and members' personal data readable by anyone on the
    way: it is refused unless the server is this PC (loopback) or ``insecure`` (``sync setup
    --insecure``, kept in the ``sync.insecure`` setting; test networks only)."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(
            msg(
                "服务器地址应以 https:// 开头，例如 https://sync.example.gov.cn",
                "the server address must start with https://, e.g. https://sync.example.gov.cn",
            )
        )
    if parts.scheme == "http" and not insecure and not is_loopback(parts.hostname):
        raise ValidationError(
            msg(
                "http:// 不加密，令牌和职工信息会被途中任何人看到：请使用 https:// 地址"
                "（仅测试网络可用 --insecure）",
                "plain http:// is not encrypted: the token and members' data could be read on "
                "the way. Use an https:// address (--insecure only on a test network)",
            )
        )
    return url


def checked_url(server: str, insecure: bool) -> str:
    """The stored address as a run uses it: a plain http:// one (stored by an older release)
    stops the run with the reason."""
    try:
        return check_url(server, insecure=insecure)
    except ValidationError as exc:
        raise SyncError("insecure_url", exc.message) from exc


def is_loopback(host: str) -> bool:
    """This PC: ``localhost`` or a loopback address (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_site(code: str) -> str:
    code = code.strip()
    if not protocol.SITE_RE.match(code):
        raise ValidationError(
            msg(
                "服务点代码只能由字母、数字、- 和 _ 组成（最多 32 位）",
                "a site code is 1-32 letters, digits, '-' or '_'",
            )
        )
    return code


def check_server(
    server_url: str,
    site: str,
    token: str,
    *,
    transport: httpx.BaseTransport | None = None,
    policy: RetryPolicy | None = None,
    insecure: bool = False,
) -> dict[str, Any]:
    """Ask the server whether it accepts this site and token (network; worker thread)."""
    with CityClient(
        check_url(server_url, insecure=insecure),
        check_site(site),
        token,
        policy=policy or RetryPolicy(attempts=2, read_timeout=30),
        transport=transport,
    ) as client:
        return client.hello()


def setup_sync(
    uow: UnitOfWork,
    actor: Actor,
    server_url: str,
    site: str,
    token: str,
    *,
    site_name: str | None = None,
    force: bool = False,
    insecure: bool = False,
) -> Done[SyncSetup]:
    """Store where and as whom this desk syncs. The token is sealed in the key folder
    (``credentials``: never the database, its backups, the log or the audit trail). Changing
    the site code after records went up under another one is refused unless ``force``: the
    city would refuse them as another site's."""
    authorize(uow, actor, Perm.SYNC_SETUP, "sync")
    server_url = check_url(server_url, insecure=insecure)
    site = check_site(site)
    token = token.strip()
    if len(token) < 16 or any(c.isspace() for c in token):
        raise ValidationError(
            msg(
                "令牌不正确：请完整粘贴市总工会发放的令牌",
                "the token is not valid: paste the whole token the city office issued",
            )
        )
    s = uow.session
    st = push_mod.state(s)
    if st.pushed_site and st.pushed_site != site and not force:
        raise ValidationError(
            msg(
                "本机的数据已以服务点 {old} 的名义上传过；改为 {new} 后市里会拒收这些记录。"
                "确需更改请加 --force",
                "this desk's records already went up as site {old}; as {new} the city would "
                "refuse them. Use --force if this is really meant",
                old=st.pushed_site,
                new=site,
            )
        )
    old_server = settings.get(s, settings.SYNC_SERVER)
    if old_server != server_url or st.token_site != site:
        st.pull_cursor = 0  # another feed: read it from the start (harmless if repeated)
    settings.put(s, settings.SYNC_SERVER, server_url)
    settings.put(s, settings.SYNC_INSECURE, insecure)
    settings.put(s, settings.SITE_CODE, site)
    credentials.save_token(s, site, token)
    st.token = None  # never in the database (an older release kept it here)
    st.token_site = site
    st.updated_at = now()
    s.info.pop("audit_desk", None)  # the audit trail names the desk by its site code
    audit.record(
        s,
        actor.login,
        "sync.setup",
        site,
        detail={"server": server_url, "site": site, "site_name": site_name},
    )
    return Done(SyncSetup(server_url, site, site_name), Changes(settings=True, sync=True))
