from notes import create_app


def test_testing_flag():
    # TODO(flask2fastapi): F2F121 `create_app().testing` is Flask API: it now runs on the Flask app kept as a host (`create_app().state.flask_app.testing`).
    assert not create_app().state.flask_app.testing
    # TODO(flask2fastapi): F2F121 `create_app().testing` is Flask API: it now runs on the Flask app kept as a host (`create_app().state.flask_app.testing`).
    assert create_app({"TESTING": True}).state.flask_app.testing


def test_testing_set_after_creation(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "flag.db")})
    # TODO(flask2fastapi): F2F121 `app.testing` is Flask API: it now runs on the Flask app kept as a host (`app.state.flask_app.testing`).
    assert not app.state.flask_app.testing
    app.state.config["TESTING"] = True
    # TODO(flask2fastapi): F2F121 `app.testing` is Flask API: it now runs on the Flask app kept as a host (`app.state.flask_app.testing`).
    assert app.state.flask_app.testing
    assert app.state.config["TESTING"] is True
