"""A notes service whose blueprint adds headers to every answer of the app."""
from flask import Flask

from notes import bp

app = Flask(__name__)
app.register_blueprint(bp, url_prefix="/notes")
