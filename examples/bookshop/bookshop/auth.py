"""A shared-secret check for the staff-only endpoints."""

from __future__ import annotations

from functools import wraps

from flask import jsonify, request

STAFF_KEYS = {"staff-key-1"}


def staff_only(view):
    """Answer 403 unless the request carries a staff key in ``X-Staff-Key``."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if request.headers.get("X-Staff-Key") not in STAFF_KEYS:
            return jsonify(error="staff only"), 403
        return view(*args, **kwargs)

    return wrapper
