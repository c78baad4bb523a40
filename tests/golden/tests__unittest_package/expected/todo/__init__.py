from . import web_compat
from fastapi import FastAPI

from todo.api import api


def create_app(testing=False):
    app = FastAPI()
    app.state.config = {}
    # TODO(flask2fastapi): F2F106 The secret key now configures web_compat.SessionMiddleware (request.session), with Flask's default cookie settings (HttpOnly, Path=/, no SameSite; a browser-session cookie unless the session is permanent, then 31 days): session cookies Flask signed are not valid any more, so users are logged out once.
    app.add_middleware(web_compat.SessionMiddleware, secret_key="todo-key")
    app.state.config["TESTING"] = testing
    app.include_router(api, prefix="/api")
    return app
