"""A small tracker built by an app factory; other modules use the app without importing Flask."""
from flask import Flask, jsonify


def create_app():
    app = Flask(__name__)
    app.config["TRACKER_NAME"] = "tracker"

    @app.route("/")
    def index():
        return jsonify(name=app.config["TRACKER_NAME"])

    from app import extra  # noqa: F401  (more of the blueprint)
    from app.views import bp

    app.register_blueprint(bp, url_prefix="/items")
    return app
