import os
import tempfile
import unittest

from notes import create_app
from notes.storage import get_db, reset_tables


class NotebookTestCase(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.app = create_app(
            {"TESTING": True, "DATABASE": os.path.join(self.folder.name, "unit.db")}
        )
        self.app.config["BANNER"] = "Unit notes"
        self.ctx = self.app.app_context()
        self.ctx.push()
        reset_tables()
        self.client = self.app.test_client()

    def tearDown(self):
        self.ctx.pop()
        self.folder.cleanup()

    def test_empty_index(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.data, b"Unit notes")

    def test_created_entry_is_in_the_database(self):
        response = self.client.post("/entries", data={"title": "call mum"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response.headers["Location"], "/entries/1")
        rows = get_db().execute("SELECT title, text FROM entry").fetchall()
        self.assertEqual([tuple(row) for row in rows], [("call mum", "")])

    def test_testing_flag(self):
        self.assertTrue(self.app.testing)

    def test_follow_redirect_after_create(self):
        response = self.client.post(
            "/entries", data={"title": "walk", "text": "park"}, follow_redirects=True
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.get_data(as_text=True), "walk\npark")
