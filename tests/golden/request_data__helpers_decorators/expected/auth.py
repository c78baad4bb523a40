"""API-key checks shared by the views."""
from functools import wraps

# TODO(flask2fastapi): F2F001 Flask API still used here: request.
from flask import request
from fastapi.responses import JSONResponse

API_KEYS = {"k-123": "ada", "k-456": "bob"}


def current_user():
    # TODO(flask2fastapi): F2F403 `request` is used in `current_user()`, which could not be given the request: no route handler of this module calls it; FastAPI has no global request. Until then it reads Flask's `request`, which the Flask app kept as a host builds from the same request.
    return API_KEYS.get(request.headers.get("X-Api-Key", ""))


def api_key_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        request = kwargs["request"]
        if request.headers.get("X-Api-Key") not in API_KEYS:
            return JSONResponse({"error": "missing or unknown API key"}, status_code=401)
        return view(*args, **kwargs)

    return wrapper
