import unittest

from todo import create_app
from fastapi.testclient import TestClient


class TaskApiTest(unittest.TestCase):
    def setUp(self):
        self.app = create_app(testing=True)
        self.client = TestClient(self.app, base_url="http://localhost", follow_redirects=False)
        self.client.post("/api/reset")

    def test_empty(self):
        response = self.client.get("/api/tasks")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"tasks": []})
        self.assertEqual(response.headers.get("content-type"), "application/json")

    def test_create_redirects_to_the_task(self):
        response = self.client.post("/api/tasks", data={"title": "write"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response.headers["Location"], "/api/tasks/1")

    def test_create_and_follow(self):
        response = self.client.post("/api/tasks", data={"title": "read"}, follow_redirects=True)
        self.assertEqual(response.json()["title"], "read")
        self.assertEqual(response.headers["X-Last"], "1")
        self.assertIn("seen=1", response.headers.get_list("Set-Cookie")[0])

    def test_missing_title(self):
        self.assertEqual(self.client.post("/api/tasks", data={"title": " "}).status_code, 400)

    def test_unknown_task(self):
        with self.client:
            response = self.client.get("/api/tasks/9")
            self.assertEqual(f"{response.status_code} {response.reason_phrase.upper()}", "404 NOT FOUND")
