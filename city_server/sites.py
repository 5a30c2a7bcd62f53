"""Sites (desks) and their tokens.

A token is 256 random bits, shown once when issued; the server keeps only its SHA-256. A slow
password hash is not needed here: nobody can guess 256 random bits, and a fast hash keeps every
request cheap. Tokens never appear in logs or error messages.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.errors import msg
from city_server.models import Site, utcnow
from city_server.store import CityError
from desk_app.sync import protocol

_DUMMY_HASH = hashlib.sha256(b"no such site").hexdigest()


class SiteError(Exception):
    """A command-line refusal about sites (unknown code, duplicate code, bad input)."""


@dataclass(frozen=True)
class SiteRow:
    code: str
    name: str
    created_at: datetime
    revoked_at: datetime | None
    last_seq: int
    last_seen_at: datetime | None
    app_version: str | None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _check_code(code: str) -> str:
    code = code.strip()
    if not protocol.SITE_RE.match(code):
        raise SiteError(f"site code {code!r}: use 1-32 letters, digits, '-' or '_'")
    return code


def county_of(code: str, county: str | None = None) -> str:
    """The county a site serves: as registered, else the 6-digit division code its own code
    starts with (``330802-2``: a second desk of 330802), else its code."""
    given = (county or "").strip()
    if given:
        if not given.isdigit() or len(given) != 6:
            raise SiteError(f"county {given!r}: give the county's 6-digit division code")
        return given
    return code[:6] if code[:6].isdigit() and len(code) >= 6 else code


def add_site(session: Session, code: str, name: str, county: str | None = None) -> str:
    """Register a desk and the county it serves; returns its token (the only time it is ever
    shown)."""
    code = _check_code(code)
    name = name.strip()
    if not name:
        raise SiteError("a site needs a name (--name)")
    county_code = county_of(code, county)
    if session.execute(select(Site).where(Site.code == code)).scalar_one_or_none() is not None:
        raise SiteError(f"site {code} exists already (use 'site rotate' for a new token)")
    token = new_token()
    session.add(
        Site(code=code, name=name[:100], token_hash=hash_token(token), county_code=county_code)
    )
    return token


def get(session: Session, code: str) -> Site:
    site = session.execute(select(Site).where(Site.code == code)).scalar_one_or_none()
    if site is None:
        raise SiteError(f"no site {code}")
    return site


def revoke_site(session: Session, code: str) -> bool:
    """Refuse the site from now on; returns False when it was revoked already."""
    site = get(session, code)
    if site.revoked_at is not None:
        return False
    site.revoked_at = utcnow()
    return True


def rotate_token(session: Session, code: str) -> str:
    """Issue a new token (the old one stops working); re-enables a revoked site."""
    site = get(session, code)
    token = new_token()
    site.token_hash = hash_token(token)
    site.revoked_at = None
    return token


def list_sites(session: Session) -> list[SiteRow]:
    return [
        SiteRow(
            s.code, s.name, s.created_at, s.revoked_at, s.last_seq, s.last_seen_at, s.app_version
        )
        for s in session.execute(select(Site).order_by(Site.code)).scalars()
    ]


def authenticate(session: Session, code: str | None, token: str | None) -> Site:
    """The site these credentials belong to, or a 401/403 :class:`CityError`."""
    site = None
    if code and protocol.SITE_RE.match(code):
        site = session.execute(select(Site).where(Site.code == code)).scalar_one_or_none()
    expected = site.token_hash if site is not None else _DUMMY_HASH
    # Compare in constant time, and hash even for an unknown site, so timing tells nothing.
    good = hmac.compare_digest(expected, hash_token(token or ""))
    if site is None or not token or not good:
        raise CityError(
            401,
            protocol.E_AUTH,
            msg(
                "市级服务器拒绝了本服务点的身份（服务点代码 {c} 或令牌不正确）："
                "请管理员重新设置同步",
                "the city server does not accept this desk (site code {c} or token is wrong): "
                "an admin must set up sync again",
                c=code or "?",
            ),
        )
    if site.revoked_at is not None:
        raise CityError(
            403,
            protocol.E_REVOKED,
            msg(
                "本服务点（{c}）已被市总工会停用，不能再同步：请联系市总工会",
                "this site ({c}) was revoked by the city office and may not sync: "
                "contact the city office",
                c=code,
            ),
        )
    return site
