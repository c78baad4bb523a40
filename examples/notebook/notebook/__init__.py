"""Notebook: a small server-rendered note-taking site."""

from flask import Flask, render_template

from notebook import data


def create_app(test_config=None):
    app = Flask(__name__)
    app.config.from_mapping(SECRET_KEY="dev-notebook-secret", NOTES_PER_PAGE=20)
    if test_config:
        app.config.update(test_config)
    data.reset()

    @app.context_processor
    def inject_app_name():
        return {"app_name": "Notebook"}

    @app.errorhandler(404)
    def page_not_found(error):
        return render_template("404.html"), 404

    from notebook.auth import auth
    from notebook.notes import notes

    app.register_blueprint(auth, url_prefix="/auth")
    app.register_blueprint(notes)
    return app
