import logging
from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from notes.settings import DefaultSettings


def create_app(overrides=None):
    app = FastAPI()
    app.state.config = {}
    app.state.config.update({key: getattr(DefaultSettings, key) for key in dir(DefaultSettings) if key.isupper()})
    # TODO(flask2fastapi): F2F106 The secret key now configures Starlette's SessionMiddleware (request.session): session cookies Flask signed are not valid any more, so users are logged out once.
    app.state.config.update(SECRET_KEY="notes-dev-key", MAX_TITLE=20)
    app.add_middleware(SessionMiddleware, secret_key=app.state.config["SECRET_KEY"])
    if overrides:
        app.state.config.update(overrides)
    app.state.config["BANNER"] = app.state.config["APP_NAME"].upper()
    logging.getLogger(__name__).debug("configured %s", app.state.config["APP_NAME"])

    from notes.views import bp

    app.include_router(bp, prefix="/notes")
    return app
