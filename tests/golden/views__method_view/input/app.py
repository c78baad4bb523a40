"""An inventory API written with class-based views."""

import functools

from flask import Flask, abort, jsonify, request
from flask.views import MethodView, View

app = Flask(__name__)
ITEMS = {1: "apple", 2: "pear", 3: "plum"}
CALLS = []


def counted(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        CALLS.append(view.__name__)
        return view(*args, **kwargs)

    return wrapper


class ItemAPI(MethodView):
    decorators = [counted]

    def get(self, item_id):
        if item_id not in ITEMS:
            abort(404)
        return jsonify(id=item_id, name=ITEMS[item_id], calls=len(CALLS))

    def put(self, item_id):
        ITEMS[item_id] = request.get_json()["name"]
        return jsonify(id=item_id, name=ITEMS[item_id])

    def delete(self, item_id):
        ITEMS.pop(item_id, None)
        return "", 204


class ItemListAPI(MethodView):
    def get(self):
        limit = request.args.get("limit", 10, type=int)
        return jsonify(items=sorted(ITEMS.values())[:limit])

    def post(self):
        data = request.get_json()
        new_id = max(ITEMS) + 1
        ITEMS[new_id] = data["name"]
        return jsonify(id=new_id), 201


class ReadOnlyItems(ItemListAPI):
    """Inherits get() and post(); registered for GET only."""


class Greeting(View):
    methods = ["GET", "POST"]

    def __init__(self, greeting):
        self.greeting = greeting

    def dispatch_request(self):
        return f"{self.greeting} ({request.method})"


item_view = ItemAPI.as_view("item")
app.add_url_rule("/items/<int:item_id>", view_func=item_view)
app.add_url_rule("/items/", view_func=ItemListAPI.as_view("items"))
app.add_url_rule("/catalog/", view_func=ReadOnlyItems.as_view("catalog"), methods=["GET"])
app.add_url_rule("/hello", view_func=Greeting.as_view("hello", "Hi"))
