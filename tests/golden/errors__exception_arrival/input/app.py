"""Uploads guarded by a token check, with handlers for each kind of error."""
from flask import Flask, abort, jsonify, request
from werkzeug.exceptions import NotFound

from security import CSRFError, QuotaExceeded

app = Flask(__name__)

UPLOADS = {"a.txt": 3}


@app.after_request
def cors(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@app.route("/uploads/<name>", methods=["POST"])
def upload(name):
    if request.headers.get("X-CSRF-Token") != "ok":
        raise CSRFError()
    if len(UPLOADS) >= 3:
        raise QuotaExceeded()
    UPLOADS[name] = 0
    return jsonify(stored=name), 201


@app.route("/uploads/<name>")
def show(name):
    if name not in UPLOADS:
        abort(404, description=f"no upload called {name}")
    return jsonify(name=name, size=UPLOADS[name])


@app.route("/uploads/<name>/checksum")
def checksum(name):
    return jsonify(sum=UPLOADS[name] // 0)


@app.errorhandler(CSRFError)
def csrf_failed(e):
    return jsonify(error=e.description, code=e.code), 400


@app.errorhandler(QuotaExceeded)
def quota(e):
    return jsonify(error=e.description), e.code


@app.errorhandler(NotFound)
def not_found(e):
    return jsonify(error=e.description, name=e.name), 404


@app.errorhandler(500)
def server_error(e):
    failure = type(e.original_exception).__name__
    return jsonify(error=e.name, failure=failure, code=e.code), 500
