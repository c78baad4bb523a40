from flask import Blueprint, abort, jsonify, make_response, redirect, request, session, url_for

api = Blueprint("api", __name__)
TASKS: dict[int, str] = {}


@api.route("/tasks", methods=["GET", "POST"])
def tasks():
    if request.method == "POST":
        title = request.form.get("title", "").strip()
        if not title:
            abort(400)
        task_id = len(TASKS) + 1
        TASKS[task_id] = title
        session["last"] = task_id
        return redirect(url_for("api.task", task_id=task_id))
    return jsonify(tasks=[{"id": k, "title": v} for k, v in sorted(TASKS.items())])


@api.route("/tasks/<int:task_id>")
def task(task_id):
    if task_id not in TASKS:
        abort(404)
    response = make_response(jsonify(id=task_id, title=TASKS[task_id]))
    response.headers["X-Last"] = str(session.get("last"))
    response.set_cookie("seen", str(task_id))
    return response


@api.route("/reset", methods=["POST"])
def reset():
    TASKS.clear()
    return "", 204
