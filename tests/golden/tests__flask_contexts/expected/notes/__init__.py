import os

from . import web_compat
from fastapi import FastAPI
from flask import Flask
from pathlib import Path


def create_app(test_config=None):
    # TODO(flask2fastapi): F2F120 The Flask app is kept as a host (`app.state.flask_app`) for the code that still needs Flask: every such use is listed in this report at its line; web_compat pushes its contexts around each request.
    app = FastAPI()
    web_compat.host_flask(app, Flask(__name__, instance_relative_config=True))
    # TODO(flask2fastapi): F2F106 The secret key now configures web_compat.SessionMiddleware (request.session), with the session cookie settings the config has when the app starts (SESSION_COOKIE_*, PERMANENT_SESSION_LIFETIME), added by the Flask host: session cookies Flask signed are not valid any more, so users are logged out once.
    app.state.config.update(
        SECRET_KEY="not-so-secret",
        DATABASE=os.path.join(str(Path(__file__).resolve().parent.parent / "instance"), "notes.db"),
        BANNER="Notebook",
    )
    if test_config is not None:
        app.state.config.update(test_config)
    os.makedirs(str(Path(__file__).resolve().parent.parent / "instance"), exist_ok=True)

    from . import storage

    storage.init_app(app)

    from . import pages

    app.include_router(pages.bp)
    return app
