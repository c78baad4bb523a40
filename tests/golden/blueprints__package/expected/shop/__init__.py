"""A shop whose app factory registers blueprints from other modules."""
from fastapi import FastAPI


def create_app():
    app = FastAPI()

    from shop.catalog import catalog
    from shop.orders import orders_bp
    from shop.pages import pages

    app.include_router(catalog, prefix="/catalog")
    app.include_router(orders_bp, prefix="/api/v2/orders")
    app.include_router(pages, prefix="/info")
    return app
