from . import web_compat
from fastapi import FastAPI
from flask import Flask
# TODO(flask2fastapi): F2F803 The Flask extension `flask_login` is still used here: LoginManager, UserMixin.
from flask_login import LoginManager, UserMixin

login_manager = LoginManager()
USERS = {"1": "ada"}


class User(UserMixin):
    def __init__(self, user_id):
        self.id = user_id


@login_manager.user_loader
def load_user(user_id):
    return User(user_id) if user_id in USERS else None


def create_app():
    # TODO(flask2fastapi): F2F120 The Flask app is kept as a host (`app.state.flask_app`) for the code that still needs Flask: every such use is listed in this report at its line; web_compat pushes its contexts around each request.
    app = FastAPI()
    web_compat.host_flask(app, Flask(__name__))
    # TODO(flask2fastapi): F2F106 The secret key now configures web_compat.SessionMiddleware (request.session), with the session cookie settings the config has when the app starts (SESSION_COOKIE_*, PERMANENT_SESSION_LIFETIME), added by the Flask host: session cookies Flask signed are not valid any more, so users are logged out once.
    app.state.config["SECRET_KEY"] = "members-dev-key"
    # TODO(flask2fastapi): F2F122 `login_manager` is initialised on the Flask app kept as a host: its API keeps working inside requests (web_compat pushes Flask's contexts).
    login_manager.init_app(app.state.flask_app)

    from members.views import bp

    app.include_router(bp)
    return app
