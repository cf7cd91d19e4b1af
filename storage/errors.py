"""What can go wrong with the workshop store; the UI maps each to a translated message."""

from __future__ import annotations


class StorageError(Exception):
    """The database cannot be reached or a write failed. `code`: unavailable | schema_newer | bad_url
    | conflict (a unique constraint refused the write)."""

    def __init__(self, code: str, detail: str = ""):
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else code)


class NotFound(Exception):
    """No workshop (or participant) with that code / id."""


class AccessDenied(Exception):
    """Wrong facilitator key, or no such workshop (the two are not told apart on purpose)."""


class WorkshopClosed(Exception):
    """The facilitator closed the workshop or its deadline has passed: no more submissions."""


class BadText(ValueError):
    """Text the store refuses: a NUL character or a lone surrogate (PostgreSQL cannot hold either)."""


class JoinRefused(Exception):
    """No more participants for now. `reason`: full (the cap per workshop) | busy (the rate limit)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)
