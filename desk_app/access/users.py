"""Users and sign-in: scrypt password hashes, password rules, lock-out after failed attempts."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from base.changes import Changes, Done
from base.clock import now
from base.errors import Conflict, DeskError, NotFound, ValidationError, msg
from db import keys
from db.engine import UnitOfWork
from db.models import User
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, Role, authorize

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=10)
MIN_PASSWORD_LENGTH = 8

# scrypt cost: N=2^17, r=8 (128 MiB, about a quarter second), OWASP's recommendation. Tests
# lower it with DESK_APP_SCRYPT_LOG2N; the parameters are stored in each hash, so a hash made
# with one cost still verifies under another.
_R, _P = 8, 1


def _log2n() -> int:
    return int(os.environ.get("DESK_APP_SCRYPT_LOG2N", "17"))


def hash_password(password: str) -> str:
    n = 1 << _log2n()
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=_R, p=_P, maxmem=256 * 1024 * 1024, dklen=32
    )
    b64 = base64.b64encode
    return f"scrypt${n}${_R}${_P}${b64(salt).decode()}${b64(key).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        calc = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=256 * 1024 * 1024,
            dklen=32,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(calc, base64.b64decode(key))


class SignInFailed(DeskError):
    code = "sign_in_failed"


def check_password_rules(password: str, login: str) -> None:
    """Raise ValidationError unless the password is at least 8 characters with a letter and a
    digit, and is not the login name."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            msg(
                "密码至少需要 {n} 个字符",
                "the password needs at least {n} characters",
                n=MIN_PASSWORD_LENGTH,
            )
        )
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        raise ValidationError(
            msg("密码须同时包含字母和数字", "the password needs both letters and digits")
        )
    if password.lower() == login.lower() or login.lower() in password.lower():
        raise ValidationError(msg("密码不能包含登录名", "the password must not contain the login"))
    if len(set(password)) < 4:
        raise ValidationError(msg("密码过于简单", "the password is too simple"))


def _check_login(login: str) -> str:
    login = login.strip()
    if not (2 <= len(login) <= 40) or not all(c.isalnum() or c in "._-" for c in login):
        raise ValidationError(
            msg(
                "登录名须为 2–40 个字母、数字或 . _ -",
                "the login must be 2-40 letters, digits or . _ -",
            )
        )
    return login


@dataclass(frozen=True)
class UserView:
    id: int
    login: str
    name: str
    role: Role
    active: bool
    locked_until: datetime | None

    @property
    def actor(self) -> Actor:
        return Actor(self.login, self.name, self.role)


def _view(u: User) -> UserView:
    return UserView(u.id, u.login, u.name, Role(u.role), u.active, u.locked_until)


def has_users(uow: UnitOfWork) -> bool:
    return bool(uow.session.execute(select(func.count(User.id))).scalar_one())


def create_first_admin(uow: UnitOfWork, login: str, name: str, password: str) -> Done[UserView]:
    """The first user of a new desk, always an admin; refused once any user exists."""
    if has_users(uow):
        raise Conflict(msg("已有用户，不能再创建首个管理员", "users exist already"))
    return _add(uow, "system", login, name, Role.ADMIN, password)


def add_user(
    uow: UnitOfWork, actor: Actor, login: str, name: str, role: Role | str, password: str
) -> Done[UserView]:
    authorize(uow, actor, Perm.USERS, f"user:{login}")
    return _add(uow, actor.login, login, name, Role(role), password)


def add_system_user(
    uow: UnitOfWork, login: str, name: str, role: Role, password: str
) -> Done[UserView]:
    """A user made by the program itself (the demo generator's clerk and reviewer), audited
    as the system; no signed-in admin is needed. Not for people: they go through add_user."""
    return _add(uow, "system", login, name, role, password)


def check_new_user(login: str, name: str, password: str) -> tuple[str, str]:
    """The login and name as they will be stored; ValidationError when the login, the name
    or the password would be refused. Needs no database: ``init --admin`` checks the first
    admin before it creates anything."""
    login = _check_login(login)
    name = name.strip()
    if not name:
        raise ValidationError(msg("请填写姓名", "the name is empty"))
    check_password_rules(password, login)
    return login, name


def _add(
    uow: UnitOfWork, by: str, login: str, name: str, role: Role, password: str
) -> Done[UserView]:
    login, name = check_new_user(login, name, password)
    s = uow.session
    if s.execute(select(User).where(func.lower(User.login) == login.lower())).first():
        raise Conflict(msg("登录名 {l} 已存在", "the login {l} exists already", l=login))
    u = User(
        login=login,
        name=name,
        role=role.value,
        password_hash=hash_password(password),
        password_changed_at=now(),
    )
    s.add(u)
    s.flush()
    audit.record(s, by, "user.add", f"user:{login}", detail={"role": role.value})
    return Done(_view(u), Changes(users=True, audit=True))


def sign_in(uow: UnitOfWork, login: str, password: str) -> UserView:
    """Check the password; on success the user is returned, on failure the attempt is counted
    and, at the fifth, the account is locked for ten minutes. Commits either way."""
    s = uow.session
    u = s.execute(select(User).where(func.lower(User.login) == login.strip().lower())).scalar()
    t = now()
    wrong = msg("用户名或密码错误", "wrong login or password")
    if u is None or not u.active:
        check_password(password, _dummy_hash())  # same time whether or not the login exists
        # Never the typed text (a password typed into the login field would be kept): a keyed
        # fingerprint, so repeated tries of one text show, and the text cannot be guessed from
        # the database or a backup (the key stays in the key folder).
        fp = login_fingerprint(uow, login)
        audit.record(
            s, None, "sign_in", f"login:{fp}", outcome="failed", detail={"login_fingerprint": fp}
        )
        uow.commit()
        raise SignInFailed(wrong)
    if u.locked_until is not None and u.locked_until > t:
        minutes = max(1, int((u.locked_until - t).total_seconds() // 60) + 1)
        audit.record(
            s, u.login, "sign_in", f"user:{u.login}", outcome="denied", detail={"locked": True}
        )
        uow.commit()
        raise SignInFailed(
            msg(
                "连续输错密码次数过多，账户已锁定，请 {m} 分钟后再试，或请管理员解锁",
                "too many wrong passwords: the account is locked; try again in {m} minutes "
                "or ask the admin to unlock it",
                m=minutes,
            ),
            code="locked",
        )
    if not check_password(password, u.password_hash):
        u.failed_attempts += 1
        locked = u.failed_attempts >= MAX_FAILURES
        if locked:
            u.locked_until = t + LOCKOUT
            u.failed_attempts = 0
        audit.record(
            s, u.login, "sign_in", f"user:{u.login}", outcome="failed", detail={"locked": locked}
        )
        uow.commit()
        if locked:
            raise SignInFailed(
                msg(
                    "连续 {n} 次密码错误，账户已锁定 {m} 分钟",
                    "{n} wrong passwords in a row: the account is locked for {m} minutes",
                    n=MAX_FAILURES,
                    m=int(LOCKOUT.total_seconds() // 60),
                ),
                code="locked",
            )
        raise SignInFailed(wrong)
    u.failed_attempts = 0
    u.locked_until = None
    audit.record(s, u.login, "sign_in", f"user:{u.login}")
    uow.commit()
    return _view(u)


FINGERPRINT_KEY = "sign-in-fingerprint.key"


def login_fingerprint(uow: UnitOfWork, login: str) -> str:
    """A keyed hash (HMAC-SHA256, the key in the database's key folder) of a typed login that
    matches no account: 20 hex digits, the same for the same text (case and spaces aside)."""
    key = keys.secret(uow.key_dir, FINGERPRINT_KEY) if uow.key_dir else _process_key()
    text = login.strip().lower().encode("utf-8")
    return hmac.new(key, text, hashlib.sha256).hexdigest()[:20]


@functools.cache
def _process_key() -> bytes:
    return secrets.token_bytes(32)


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_hex(8))


def verify_password(uow: UnitOfWork, actor: Actor, password: str) -> bool:
    """For unlocking the screen: the signed-in user's password, counted like a sign-in."""
    try:
        sign_in(uow, actor.login, password)
    except SignInFailed:
        return False
    return True


def change_password(uow: UnitOfWork, actor: Actor, old: str, new: str) -> Done[None]:
    s = uow.session
    u = _get(uow, actor.login)
    if not check_password(old, u.password_hash):
        raise ValidationError(msg("原密码不正确", "the current password is wrong"))
    check_password_rules(new, u.login)
    if old == new:
        raise ValidationError(msg("新密码不能与原密码相同", "the new password is the old one"))
    u.password_hash = hash_password(new)
    u.password_changed_at = now()
    audit.record(s, actor.login, "user.password", f"user:{u.login}")
    return Done(None, Changes(users=True, audit=True))


def _get(uow: UnitOfWork, login: str) -> User:
    u = uow.session.execute(select(User).where(User.login == login)).scalar()
    if u is None:
        raise NotFound(msg("没有用户 {l}", "no user {l}", l=login))
    return u


def _admins_left(uow: UnitOfWork, excluding: str) -> int:
    return uow.session.execute(
        select(func.count(User.id)).where(
            User.role == Role.ADMIN.value, User.active.is_(True), User.login != excluding
        )
    ).scalar_one()


def update_user(
    uow: UnitOfWork,
    actor: Actor,
    login: str,
    *,
    name: str | None = None,
    role: Role | str | None = None,
    active: bool | None = None,
) -> Done[UserView]:
    """Change a user's name, role or active flag (admin). The last active admin stays one."""
    authorize(uow, actor, Perm.USERS, f"user:{login}")
    u = _get(uow, login)
    changed: dict[str, object] = {}
    demoting = (role is not None and Role(role) != Role.ADMIN) or active is False
    if demoting and u.role == Role.ADMIN.value and _admins_left(uow, u.login) == 0:
        raise Conflict(msg("至少要保留一名管理员", "the desk needs at least one active admin"))
    if name is not None and name.strip() and name.strip() != u.name:
        u.name = name.strip()
        changed["name"] = u.name
    if role is not None and Role(role).value != u.role:
        u.role = Role(role).value
        changed["role"] = u.role
    if active is not None and active != u.active:
        u.active = active
        changed["active"] = active
    if changed:
        audit.record(uow.session, actor.login, "user.update", f"user:{login}", detail=changed)
    return Done(_view(u), Changes(users=True, audit=bool(changed)))


def reset_password(uow: UnitOfWork, actor: Actor, login: str, new: str) -> Done[None]:
    """Admin sets a new password and lifts any lock."""
    authorize(uow, actor, Perm.USERS, f"user:{login}")
    u = _get(uow, login)
    check_password_rules(new, u.login)
    u.password_hash = hash_password(new)
    u.password_changed_at = now()
    u.failed_attempts = 0
    u.locked_until = None
    audit.record(uow.session, actor.login, "user.reset_password", f"user:{login}")
    return Done(None, Changes(users=True, audit=True))


def unlock(uow: UnitOfWork, actor: Actor, login: str) -> Done[None]:
    authorize(uow, actor, Perm.USERS, f"user:{login}")
    u = _get(uow, login)
    u.failed_attempts = 0
    u.locked_until = None
    audit.record(uow.session, actor.login, "user.unlock", f"user:{login}")
    return Done(None, Changes(users=True, audit=True))


def list_users(uow: UnitOfWork, actor: Actor) -> list[UserView]:
    authorize(uow, actor, Perm.USERS)
    return [_view(u) for u in uow.session.execute(select(User).order_by(User.login)).scalars()]


def names_by_login(uow: UnitOfWork) -> dict[str, str]:
    """Every user's name by login: lists and forms say who did something by name (any
    signed-in person sees who entered or reviewed a claim; only 系统 › 用户 shows logins)."""
    return {login: name for login, name in uow.session.execute(select(User.login, User.name))}


def get_user(uow: UnitOfWork, login: str) -> UserView:
    return _view(_get(uow, login))
