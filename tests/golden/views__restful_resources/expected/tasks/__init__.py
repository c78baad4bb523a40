from fastapi import FastAPI

from tasks.api import api_bp


def create_app():
    app = FastAPI()
    app.include_router(api_bp, prefix="/api")
    return app
