"""Echo service: each route returns what Flask's converter handed it."""
from flask import Flask

app = Flask(__name__)


def describe(value):
    return {"value": str(value), "type": type(value).__name__}


@app.route("/items/<int:item_id>")
def item(item_id):
    return describe(item_id)


@app.route("/prices/<float:amount>")
def price(amount):
    return describe(amount)


@app.route("/files/<path:name>")
def file(name):
    return describe(name)


@app.route("/orders/<uuid:order_id>")
def order(order_id):
    return describe(order_id)


@app.route("/users/<username>")
def user(username):
    return describe(username)


@app.route("/tags/<string:tag>/items/<int:n>")
def tagged(tag, n):
    return {"tag": tag, "n": n}


@app.route("/docs/<any(guide, api, faq):section>")
def docs(section):
    return f"<h1>{section}</h1>"
