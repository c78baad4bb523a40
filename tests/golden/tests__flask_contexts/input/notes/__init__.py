import os

from flask import Flask


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY="not-so-secret",
        DATABASE=os.path.join(app.instance_path, "notes.db"),
        BANNER="Notebook",
    )
    if test_config is not None:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)

    from . import storage

    storage.init_app(app)

    from . import pages

    app.register_blueprint(pages.bp)
    return app
