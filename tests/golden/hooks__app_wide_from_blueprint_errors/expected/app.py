"""A notes service whose blueprint adds headers to every answer of the app."""
import web_compat
from fastapi import FastAPI
from flask import Flask

from notes import bp

# TODO(flask2fastapi): F2F120 The Flask app is kept as a host (`app.state.flask_app`) for the code that still needs Flask: every such use is listed in this report at its line; web_compat pushes its contexts around each request.
app = FastAPI()
web_compat.host_flask(app, Flask(__name__))
app.include_router(bp, prefix="/notes")
