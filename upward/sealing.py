"""Sealing: encrypting a small JSON payload with a key the database does not hold.

Anonymous answers wait in a holding pool until enough people of their group have answered to
release them together in a shuffled batch (`upward.feedback.services.release`). While they wait,
the row sits in the same database transaction as the answering person's "completed" mark, so a
reader with full database access could pair the two (PostgreSQL's `xmin`, physical row order).
Sealing the waiting answers makes that pairing worthless: the reader learns only that a person
answered, which the completed mark says anyway, never what they answered.

The key is derived from `SECRET_KEY`, which lives in the application's environment, never in the
database. Rotating `SECRET_KEY` makes answers still waiting unreadable (they are then dropped by
`unseal` returning None), so rotate it between survey rounds.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

_CONTEXT = b"upward.sealing.v1"


def _fernet() -> Fernet:
    digest = hashlib.sha256(_CONTEXT + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(payload: Any) -> str:
    """The payload as an opaque token (JSON inside, encrypted and authenticated)."""
    return _fernet().encrypt(json.dumps(payload, sort_keys=True).encode()).decode()


def unseal(token: str) -> Any | None:
    """The payload back, or None when the token was sealed with another key or tampered with."""
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken:
        return None
