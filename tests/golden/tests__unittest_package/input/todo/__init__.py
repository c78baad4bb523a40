from flask import Flask

from todo.api import api


def create_app(testing=False):
    app = Flask(__name__)
    app.secret_key = "todo-key"
    app.config["TESTING"] = testing
    app.register_blueprint(api, url_prefix="/api")
    return app
