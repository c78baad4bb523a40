from flask import Blueprint, jsonify

bp = Blueprint("members", __name__, url_prefix="/members")

MEMBERS = ["ada", "grace"]


@bp.after_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/")
def list_members():
    return jsonify(members=MEMBERS)


@bp.route("/<name>")
def show_member(name):
    if name not in MEMBERS:
        return jsonify(error="no such member"), 404
    return jsonify(name=name)
