from fastapi import FastAPI


def create_app():
    app = FastAPI()
    from shop.api import api

    app.include_router(api, prefix="/api")
    return app
