"""A lending library whose blueprints live in packages that re-export them."""
from . import web_compat
from fastapi import FastAPI
from flask import Flask

from . import loans
from .members import bp as members_bp


def create_app():
    # TODO(flask2fastapi): F2F120 The Flask app is kept as a host (`app.state.flask_app`) for the code that still needs Flask: every such use is listed in this report at its line; web_compat pushes its contexts around each request.
    app = FastAPI()
    web_compat.host_flask(app, Flask(__name__))
    app.include_router(loans.bp, prefix="/loans")
    app.include_router(members_bp, prefix="/people")

    @app.get("/")
    def index():
        return {"sections": ["loans", "people"]}

    return app
