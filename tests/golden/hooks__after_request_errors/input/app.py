"""A public API whose after_request hook adds CORS headers to every answer, failures too."""
from flask import Flask, abort, jsonify

app = Flask(__name__)

STOCK = {"apples": 3}


@app.after_request
def allow_any_origin(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["X-Served-By"] = "stock-api"
    return response


@app.route("/stock/<item>")
def stock(item):
    if item not in STOCK:
        abort(404)
    return jsonify(item=item, count=STOCK[item])


@app.route("/stock/<item>/ratio")
def ratio(item):
    return jsonify(ratio=10 / (STOCK.get(item, 0)))  # ZeroDivisionError for unknown items
