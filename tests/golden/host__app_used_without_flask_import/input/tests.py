import unittest

from app import create_app


class TrackerTestCase(unittest.TestCase):
    def setUp(self):
        self.app = create_app()
        self.client = self.app.test_client()

    def test_index(self):
        response = self.client.get("/")
        self.assertEqual(response.get_json(), {"name": "tracker"})

    def test_unknown_item(self):
        response = self.client.get("/items/9")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.get_json(), {"missing": 9})
