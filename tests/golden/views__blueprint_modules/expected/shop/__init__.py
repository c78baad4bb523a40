from fastapi import FastAPI


def create_app():
    app = FastAPI()
    from shop.api import bp
    app.include_router(bp, prefix="/api")
    return app
