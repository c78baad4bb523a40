from flask import Flask


def create_app():
    app = Flask(__name__)
    from shop.api import bp
    app.register_blueprint(bp, url_prefix="/api")
    return app
