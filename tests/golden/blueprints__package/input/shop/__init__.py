"""A shop whose app factory registers blueprints from other modules."""
from flask import Flask


def create_app():
    app = Flask(__name__)

    from shop.catalog import catalog
    from shop.orders import orders_bp
    from shop.pages import pages

    app.register_blueprint(catalog)
    app.register_blueprint(orders_bp, url_prefix="/api/v2/orders")
    app.register_blueprint(pages, url_prefix="/info/")
    return app
