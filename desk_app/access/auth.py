"""Who is acting, and what each role may do. Enforced in the services, not only in the window."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from base.errors import PermissionDenied, msg
from db.engine import UnitOfWork
from desk_app.access import audit


class Role(StrEnum):
    CLERK = "clerk"  # 经办人
    REVIEWER = "reviewer"  # 审核人
    ADMIN = "admin"  # 管理员
    SERVICE = "service"  # 计划任务: the system scheduler's jobs, never a person's account


ROLE_NAMES_ZH = {
    Role.CLERK: "经办人",
    Role.REVIEWER: "审核人",
    Role.ADMIN: "管理员",
    Role.SERVICE: "计划任务",
}
# The roles a person's account can have (the service identity is no user row).
PERSON_ROLES = (Role.CLERK, Role.REVIEWER, Role.ADMIN)


class Perm(StrEnum):
    UNITS = "units"  # add and edit units
    MEMBERS = "members"  # add and edit members
    ENROLL = "enroll"  # enrollments, roster import
    CLAIMS = "claims"  # claim intake, settlement import
    PRINT = "print"  # approval forms, notices, vouchers
    REVIEW = "review"  # approve, reject, undo
    PAY = "pay"  # payment batches, reversals
    RETURNS = "returns"  # monthly return export and submission, analyses
    VIEW = "view"  # look things up
    USERS = "users"  # users and roles
    SCHEMES = "schemes"  # import and activate schemes
    SETTINGS = "settings"  # desk settings
    BACKUP = "backup"  # backup and restore
    SCHEDULED_BACKUP = "scheduled_backup"  # the automatic backup into the configured folder
    SYNC_SETUP = "sync_setup"  # connect the desk to the city
    SYNC = "sync"  # run a sync
    AUDIT = "audit"  # read and verify the audit log


_CLERK = {Perm.UNITS, Perm.MEMBERS, Perm.ENROLL, Perm.CLAIMS, Perm.PRINT, Perm.VIEW, Perm.SYNC}
# Month-end money (payment batches, returns) goes with review: the person who pays is never
# the clerk who entered the claims alone. Admins run the desk but handle no claims.
PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.CLERK: frozenset(_CLERK),
    Role.REVIEWER: frozenset(_CLERK | {Perm.REVIEW, Perm.PAY, Perm.RETURNS, Perm.AUDIT}),
    Role.ADMIN: frozenset(
        {
            Perm.VIEW,
            Perm.USERS,
            Perm.SCHEMES,
            Perm.SETTINGS,
            Perm.BACKUP,
            Perm.SYNC_SETUP,
            Perm.SYNC,
            Perm.AUDIT,
            Perm.UNITS,
        }
    ),
    # The scheduled jobs (Windows Task Scheduler): the automatic backup and a sync, nothing else.
    Role.SERVICE: frozenset({Perm.SCHEDULED_BACKUP, Perm.SYNC}),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in person (or the system, for scheduled jobs)."""

    login: str
    name: str
    role: Role

    def can(self, perm: Perm) -> bool:
        return perm in PERMISSIONS[self.role]


# The desk's own internal work (schemes the city sends, the demo's set-up).
SYSTEM = Actor("system", "系统", Role.ADMIN)
# The scheduled jobs (``backup --auto``, ``sync`` from the system scheduler): a named identity
# that may do only those two jobs and is audited as such (docs/operations.md).
SCHEDULER = Actor("scheduler", "计划任务", Role.SERVICE)


def authorize(uow: UnitOfWork, actor: Actor, perm: Perm, target: str | None = None) -> None:
    """Raise :class:`PermissionDenied` (and audit the refusal) unless ``actor`` may ``perm``.

    Call it first in a service, before any change: the refusal is committed on its own.
    """
    if actor.can(perm):
        return
    uow.session.rollback()
    audit.record(uow.session, actor.login, f"denied:{perm.value}", target, outcome="denied")
    uow.commit()
    raise PermissionDenied(
        msg(
            "{role}无权进行此操作（{perm}）",
            "a {role_en} may not do this ({perm})",
            role=ROLE_NAMES_ZH[actor.role],
            role_en=actor.role.value,
            perm=perm.value,
        )
    )
