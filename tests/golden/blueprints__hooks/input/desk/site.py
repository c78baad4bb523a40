from flask import Blueprint, g, jsonify, redirect, request, session, url_for

site = Blueprint("site", __name__)


@site.before_app_request
def load_user():
    g.user = session.get("user")


@site.app_errorhandler(404)
def not_found(error):
    return jsonify(error="not found", path=request.path), 404


@site.route("/")
def index():
    return "<h1>Help desk</h1>"


@site.route("/about")
def about():
    return jsonify(page="about", user=g.user)


@site.route("/login", methods=["POST"])
def login():
    session["user"] = request.form["user"]
    return redirect(url_for("site.index"))


@site.route("/logout", methods=["POST"])
def logout():
    session.pop("user", None)
    return redirect(url_for("site.index"))
