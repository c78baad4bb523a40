"""A lending library whose blueprints live in packages that re-export them."""
from flask import Flask, jsonify

from . import loans
from .members import bp as members_bp


def create_app():
    app = Flask(__name__)
    app.register_blueprint(loans.bp)
    app.register_blueprint(members_bp, url_prefix="/people")

    @app.route("/")
    def index():
        return jsonify(sections=["loans", "people"])

    return app
