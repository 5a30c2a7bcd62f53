"""The sync token, kept out of the database and its backups.

The token is a credential: whoever holds it can push records as this desk. It is sealed in the
key folder beside the database (``db.keys``: ``<data>/keys/sync-token``, AES-GCM under the
folder's own key, both 0600), never in a table, so a backup on a USB stick carries none. The
database keeps only which site the token is for (``sync_state.token_site``); ``sync_state.token``
stays empty (migration 0004 moved an older release's token out, and a trigger refuses one). A
restore forgets the token (``desk_app.system.backups.restore_from``): the admin enters it again,
or has the city issue a new one.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from db import keys


def save_token(session: Session, site: str, token: str) -> Path:
    """Seal ``token`` (issued for ``site``) in the database's key folder."""
    return keys.seal_sync_token(keys.folder_of(session), site, token)


def stored_token(session: Session, site: str | None) -> str | None:
    """The token stored for ``site`` (``None`` when there is none, it is another site's, or the
    key folder is another PC's or was lost)."""
    found = keys.unseal_sync_token(keys.folder_of(session))
    if found is None:
        return None
    token_site, token = found
    if site is not None and token_site != site:
        return None
    return token


def has_token(session: Session, site: str | None) -> bool:
    return stored_token(session, site) is not None
