"""Join codes, facilitator keys and participant tokens.

The facilitator key is 256 random bits, so a salted SHA-256 is enough to store it (a slow hash only
matters for guessable secrets); it is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

# Read out loud in a room and typed on phones: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_WORKSHOP_ID = re.compile(r"^[a-f0-9]{16}$")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str | None) -> str | None:
    """What a person typed -> a well-formed code (case, spaces and dashes ignored), or None."""
    if not isinstance(text, str):
        return None
    code = re.sub(r"[\s-]", "", text).upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def display_code(code: str) -> str:
    """Two groups of three are easier to read out: "K7P 3QX"."""
    return f"{code[:3]} {code[3:]}"


def new_key() -> str:
    return secrets.token_urlsafe(32)


def new_token() -> str:
    return secrets.token_urlsafe(16)


def new_workshop_id() -> str:
    return secrets.token_hex(8)


def valid_token(token: str | None) -> bool:
    return isinstance(token, str) and bool(_TOKEN.match(token))


def valid_workshop_id(workshop_id: str | None) -> bool:
    return isinstance(workshop_id, str) and bool(_WORKSHOP_ID.match(workshop_id))


def hash_key(key: str, salt: str | None = None) -> tuple[str, str]:
    """(salt, digest), both hex."""
    salt = salt or secrets.token_hex(16)
    digest = hmac.new(bytes.fromhex(salt), key.encode("utf-8"), hashlib.sha256).hexdigest()
    return salt, digest


def key_matches(key: str | None, salt: str, digest: str) -> bool:
    if not isinstance(key, str) or not key or len(key) > 200:
        return False
    return hmac.compare_digest(hash_key(key, salt)[1], digest)
