"""Notebook: a small server-rendered note-taking site."""

from typing import Any

from flask import Flask, render_template
from werkzeug.exceptions import NotFound

from notebook import data


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(SECRET_KEY="dev-notebook-secret", NOTES_PER_PAGE=20)
    if test_config is not None:
        app.config.update(test_config)
    data.reset()

    @app.context_processor
    def inject_app_name() -> dict[str, str]:
        return {"app_name": "Notebook"}

    @app.errorhandler(404)
    def page_not_found(error: NotFound) -> tuple[str, int]:
        return render_template("404.html"), 404

    from notebook.auth import auth
    from notebook.notes import notes

    app.register_blueprint(auth, url_prefix="/auth")
    app.register_blueprint(notes)
    return app
