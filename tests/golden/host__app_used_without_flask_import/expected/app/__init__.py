"""A small tracker built by an app factory; other modules use the app without importing Flask."""
from . import web_compat
from fastapi import FastAPI
from flask import Flask


def create_app():
    # TODO(flask2fastapi): F2F120 The Flask app is kept as a host (`app.state.flask_app`) for the code that still needs Flask: every such use is listed in this report at its line; web_compat pushes its contexts around each request.
    app = FastAPI()
    web_compat.host_flask(app, Flask(__name__))
    app.state.config["TRACKER_NAME"] = "tracker"

    @app.get("/")
    def index():
        return {"name": app.state.config["TRACKER_NAME"]}

    from app import extra  # noqa: F401  (more of the blueprint)
    from app.views import bp

    app.include_router(bp, prefix="/items")
    return app
