import os
import tempfile
import unittest

from notes import create_app
from notes.storage import get_db, reset_tables
from fastapi.testclient import TestClient


class NotebookTestCase(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.app = create_app(
            {"TESTING": True, "DATABASE": os.path.join(self.folder.name, "unit.db")}
        )
        self.app.state.config["BANNER"] = "Unit notes"
        # TODO(flask2fastapi): F2F121 `self.app.app_context` is Flask API: it now runs on the Flask app kept as a host (`self.app.state.flask_app.app_context`).
        self.ctx = self.app.state.flask_app.app_context()
        self.ctx.push()
        reset_tables()
        self.client = TestClient(self.app, base_url="http://localhost", follow_redirects=False)

    def tearDown(self):
        self.ctx.pop()
        self.folder.cleanup()

    def test_empty_index(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"Unit notes")

    def test_created_entry_is_in_the_database(self):
        response = self.client.post("/entries", data={"title": "call mum"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response.headers["Location"], "/entries/1")
        rows = get_db().execute("SELECT title, text FROM entry").fetchall()
        self.assertEqual([tuple(row) for row in rows], [("call mum", "")])

    def test_testing_flag(self):
        # TODO(flask2fastapi): F2F121 `self.app.testing` is Flask API: it now runs on the Flask app kept as a host (`self.app.state.flask_app.testing`).
        self.assertTrue(self.app.state.flask_app.testing)

    def test_follow_redirect_after_create(self):
        response = self.client.post(
            "/entries", data={"title": "walk", "text": "park"}, follow_redirects=True
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text, "walk\npark")
