import functools

from flask import Flask, Response, jsonify, make_response, redirect, request, session, url_for

app = Flask(__name__)
app.secret_key = "method-checks-dev-key"

USERS = {"grace": "cobol"}
NOTES = []


@app.errorhandler(400)
def bad_request(error):
    return jsonify(error="bad request"), 400


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if session.get("user") is None:
            return redirect(url_for("login"))
        return view(*args, **kwargs)

    return wrapped


@app.route("/login", methods=("GET", "POST"))
def login():
    message = ""
    if request.method == "POST":
        username = request.form["username"]
        password = request.form["password"]
        if not username:
            message = "Username is required."
        elif not password:
            message = "Password is required."
        elif USERS.get(username) != password:
            message = "Incorrect username or password."
        else:
            session.clear()
            session["user"] = username
            return redirect(url_for("new_note"))
    return f"<h1>Log in</h1><p class='error'>{message}</p>"


@app.route("/notes/new", methods=("GET", "POST"))
@login_required
def new_note():
    if request.method == "POST":
        title = request.form["title"]
        body = request.form.get("body", "")
        if not title:
            return "<h1>New note</h1><p class='error'>Title is required.</p>"
        NOTES.append({"title": title, "body": body, "by": session["user"]})
        return redirect(url_for("list_notes"))
    return "<h1>New note</h1><form method='post'></form>"


@app.route("/notes")
def list_notes():
    return jsonify(notes=NOTES)


@app.route("/tags", methods=["POST"])
def add_tag():
    tag = request.form.get("tag", "")
    if tag == "":
        return jsonify(tag=None, note="empty tag kept as empty string")
    return jsonify(tag=tag.lower())


@app.route("/echo-form", methods=["POST"])
def echo_form():
    fields = request.form.to_dict()
    return jsonify(fields=fields, count=len(fields))


@app.route("/args/lists")
def args_lists():
    return jsonify(request.args.to_dict(flat=False))


@app.route("/args/first")
def args_first():
    return jsonify(dict(request.args))


@app.route("/built")
def built():
    r = make_response()
    r.data = "made by hand"
    r.mimetype = "text/plain"
    r.status = 202
    r.headers["X-Kind"] = "built"
    return r


@app.route("/built/raw")
def built_raw():
    resp = Response()
    resp.data = '{"ok": true}'
    resp.mimetype = "application/json"
    resp.status = 201
    resp.headers["X-Kind"] = "raw"
    return resp
