from flask import Flask
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
    app = Flask(__name__)
    app.secret_key = "members-dev-key"
    login_manager.init_app(app)

    from members.views import bp

    app.register_blueprint(bp)
    return app
