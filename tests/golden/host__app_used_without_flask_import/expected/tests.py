import unittest

from app import create_app
from fastapi.testclient import TestClient


class TrackerTestCase(unittest.TestCase):
    def setUp(self):
        self.app = create_app()
        self.client = TestClient(self.app, base_url="http://localhost", follow_redirects=False)

    def test_index(self):
        response = self.client.get("/")
        self.assertEqual(response.json(), {"name": "tracker"})

    def test_unknown_item(self):
        response = self.client.get("/items/9")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"missing": 9})
