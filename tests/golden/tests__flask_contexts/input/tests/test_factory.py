from notes import create_app


def test_testing_flag():
    assert not create_app().testing
    assert create_app({"TESTING": True}).testing


def test_testing_set_after_creation(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "flag.db")})
    assert not app.testing
    app.testing = True
    assert app.testing
    assert app.config["TESTING"] is True
