"""A help desk: an API blueprint guarded by its own hooks, a site blueprint without any."""
from flask import Flask


def create_app():
    app = Flask(__name__)
    app.secret_key = "desk-secret"

    from desk.site import site
    from desk.api import api

    app.register_blueprint(site)
    app.register_blueprint(api)
    return app
