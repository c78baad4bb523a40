from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from todo.api import api


def create_app(testing=False):
    app = FastAPI()
    app.state.config = {}
    # TODO(flask2fastapi): F2F106 The secret key now configures Starlette's SessionMiddleware (request.session): session cookies Flask signed are not valid any more, so users are logged out once.
    app.add_middleware(SessionMiddleware, secret_key="todo-key")
    app.state.config["TESTING"] = testing
    app.include_router(api, prefix="/api")
    return app
