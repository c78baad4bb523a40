"""API-key checks shared by the views."""
from functools import wraps

from flask import jsonify, request

API_KEYS = {"k-123": "ada", "k-456": "bob"}


def current_user():
    return API_KEYS.get(request.headers.get("X-Api-Key", ""))


def api_key_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if request.headers.get("X-Api-Key") not in API_KEYS:
            return jsonify(error="missing or unknown API key"), 401
        return view(*args, **kwargs)

    return wrapper
