import logging
from . import web_compat
from fastapi import FastAPI

from notes.settings import DefaultSettings


def create_app(overrides=None):
    app = FastAPI()
    app.state.config = {}
    web_compat.sessions(app)
    app.state.config.update({key: getattr(DefaultSettings, key) for key in dir(DefaultSettings) if key.isupper()})
    # TODO(flask2fastapi): F2F106 The secret key now configures web_compat.SessionMiddleware (request.session), with the session cookie settings the config has when the app starts (SESSION_COOKIE_*, PERMANENT_SESSION_LIFETIME: the config is loaded with from_object(), which may set them): session cookies Flask signed are not valid any more, so users are logged out once.
    app.state.config.update(SECRET_KEY="notes-dev-key", MAX_TITLE=20)
    if overrides:
        app.state.config.update(overrides)
    app.state.config["BANNER"] = app.state.config["APP_NAME"].upper()
    logging.getLogger(__name__).debug("configured %s", app.state.config["APP_NAME"])

    from notes.views import bp

    app.include_router(bp, prefix="/notes")
    return app
