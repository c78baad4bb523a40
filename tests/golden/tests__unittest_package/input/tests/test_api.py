import unittest

from todo import create_app


class TaskApiTest(unittest.TestCase):
    def setUp(self):
        self.app = create_app(testing=True)
        self.client = self.app.test_client()
        self.client.post("/api/reset")

    def test_empty(self):
        response = self.client.get("/api/tasks")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.get_json(), {"tasks": []})
        self.assertEqual(response.content_type, "application/json")

    def test_create_redirects_to_the_task(self):
        response = self.client.post("/api/tasks", data={"title": "write"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response.headers["Location"], "/api/tasks/1")

    def test_create_and_follow(self):
        response = self.client.post("/api/tasks", data={"title": "read"}, follow_redirects=True)
        self.assertEqual(response.get_json()["title"], "read")
        self.assertEqual(response.headers["X-Last"], "1")
        self.assertIn("seen=1", response.headers.getlist("Set-Cookie")[0])

    def test_missing_title(self):
        self.assertEqual(self.client.post("/api/tasks", data={"title": " "}).status_code, 400)

    def test_unknown_task(self):
        with self.client:
            response = self.client.get("/api/tasks/9")
            self.assertEqual(response.status, "404 NOT FOUND")
