from fastapi import FastAPI, HTTPException, Request
from starlette.middleware.sessions import SessionMiddleware
# TODO(flask2fastapi): F2F803 The Flask extension `flask_login` is still used here: LoginManager, UserMixin.
from flask_login import LoginManager, UserMixin


class AnonymousUser:
    """What Flask-Login's current_user was for a visitor."""

    is_authenticated = False
    is_active = False
    is_anonymous = True

    def get_id(self):
        return None


# TODO(flask2fastapi): F2F804 Flask-Login's current_user is now the dependency below: every request is a visitor's (not authenticated) until current_user_or_anonymous() loads the logged-in user.
def current_user_or_anonymous(request: Request):
    """The logged-in user, or AnonymousUser() for a visitor (was Flask-Login's current_user)."""
    return AnonymousUser()


def get_current_user(request: Request):
    """The logged-in user of a handler that was @login_required; visitors get a 401."""
    user = current_user_or_anonymous(request)
    if not user.is_authenticated:
        raise HTTPException(status_code=401)
    return user


login_manager = LoginManager()
USERS = {"1": "ada"}


class User(UserMixin):
    def __init__(self, user_id):
        self.id = user_id


@login_manager.user_loader
def load_user(user_id):
    return User(user_id) if user_id in USERS else None


def create_app():
    app = FastAPI()
    # TODO(flask2fastapi): F2F106 The secret key now configures Starlette's SessionMiddleware (request.session): session cookies Flask signed are not valid any more, so users are logged out once.
    app.add_middleware(SessionMiddleware, secret_key="members-dev-key")

    from members.views import bp

    app.include_router(bp)
    return app
