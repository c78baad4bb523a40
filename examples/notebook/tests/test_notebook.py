"""The notebook's own tests, written against Flask's test client."""

import pytest

from notebook import create_app


@pytest.fixture
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def login(client, username="ada", password="lovelace"):
    return client.post("/auth/login", data={"username": username, "password": password})


def test_login_page(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    assert b"<h1>Log in</h1>" in response.data
    assert b"/static/style.css" in response.data


def test_wrong_password_is_refused_with_a_message(client):
    response = login(client, password="nope")
    assert response.status_code == 401
    assert b"Wrong username or password." in response.data


def test_login_redirects_to_the_notes(client):
    response = login(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/")
    assert b"Welcome back, ada!" in page.data
    assert b"Engines" in page.data and b"Machines" not in page.data


def test_login_keeps_the_user_in_the_session(client):
    login(client, "alan", "turing")
    page = client.get("/")
    assert page.status_code == 200
    assert b"<span>alan</span>" in page.data
    assert b"alan's notes" in page.data


def test_unknown_user_is_refused(client):
    assert login(client, "grace", "hopper").status_code == 401


def test_visitors_are_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=/"


def test_a_note_is_created(client):
    login(client)
    response = client.post("/notes/new", data={"title": "Loom", "body": "Punched cards."})
    assert response.status_code == 302
    assert response.headers["Location"] == "/notes/4"
    page = client.get("/notes/4")
    assert b"Punched cards." in page.data
    assert "Saved “Loom”.".encode() in page.data


def test_new_note_form(client):
    login(client)
    response = client.get("/notes/new")
    assert response.status_code == 200
    assert b'<input name="title">' in response.data


def test_show_a_note(client):
    login(client)
    response = client.get("/notes/2")
    assert response.status_code == 200
    assert b"<h1>Notes</h1>" in response.data
    assert b"Note G computes Bernoulli numbers." in response.data
    assert b'href="/notes/2/download"' in response.data


def test_a_note_needs_a_title(client):
    login(client)
    response = client.post("/notes/new", data={"title": " ", "body": "kept"})
    assert response.status_code == 400
    assert b"A note needs a title." in response.data
    assert b">kept</textarea>" in response.data


def test_notes_of_others_are_not_found(client):
    login(client)
    response = client.get("/notes/3")
    assert response.status_code == 404
    assert b"There is no page at /notes/3." in response.data


def test_unknown_pages_use_the_404_page(client):
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert b"<h1>Not found</h1>" in response.data


def test_download(client):
    login(client)
    response = client.get("/notes/1/download")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=note-1.txt"
    assert response.mimetype == "text/plain"
    assert response.data.startswith(b"Engines\n\n")


def test_download_of_others_notes_is_not_found(client):
    login(client)
    assert client.get("/notes/3/download").status_code == 404


def test_export(client):
    login(client, "alan", "turing")
    response = client.get("/export.json")
    assert response.get_json() == {
        "user": "alan",
        "notes": [{"id": 3, "owner": "alan", "title": "Machines", "body": "Can machines think?"}],
    }


def test_static_file(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert b"font-family" in response.data


def test_logout(client):
    login(client)
    response = client.get("/auth/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"
    assert client.get("/").status_code == 302
