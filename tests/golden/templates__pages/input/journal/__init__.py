from flask import Flask


def create_app():
    app = Flask(__name__)
    app.secret_key = "pages-dev-key"

    from journal.auth import auth
    from journal.pages import pages

    app.register_blueprint(pages)
    app.register_blueprint(auth, url_prefix="/auth")
    return app
