from flask import Flask

from notes.settings import DefaultSettings


def create_app(overrides=None):
    app = Flask(__name__)
    app.config.from_object(DefaultSettings)
    app.config.from_mapping(SECRET_KEY="notes-dev-key", MAX_TITLE=20)
    if overrides:
        app.config.update(overrides)
    app.config["BANNER"] = app.config["APP_NAME"].upper()
    app.logger.debug("configured %s", app.config["APP_NAME"])

    from notes.views import bp

    app.register_blueprint(bp)
    return app
