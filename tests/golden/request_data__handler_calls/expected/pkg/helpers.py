# TODO(flask2fastapi): F2F001 Flask API still used here: request.
from flask import request
from fastapi import Request


def page_arg(*, request: Request):
    return request.headers.get("X-Page", "1")


def factory():
    def inner():
        # TODO(flask2fastapi): F2F403 `request` is used in `factory()`, which could not be given the request: it reads the request in a nested function; FastAPI has no global request. Until then it reads Flask's `request`, which the Flask app kept as a host builds from the same request.
        return request.args.get("inner", "i")

    return inner()
