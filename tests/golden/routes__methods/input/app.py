"""A to-do list whose handlers only look at the path."""
from flask import Flask, jsonify

app = Flask(__name__)

TODOS = {1: {"title": "write docs", "done": False}, 2: {"title": "ship", "done": False}}


@app.route("/todos", methods=["GET"])
def list_todos():
    return jsonify([{"id": i, **t} for i, t in sorted(TODOS.items())])


@app.route("/todos/<int:todo_id>/done", methods=["post"])
def mark_done(todo_id):
    TODOS[todo_id]["done"] = True
    return jsonify(id=todo_id, done=True)


@app.route("/todos/<int:todo_id>", methods=["GET", "PUT"])
def todo(todo_id):
    return jsonify(id=todo_id, **TODOS[todo_id])


@app.get("/stats")
def stats():
    done = sum(t["done"] for t in TODOS.values())
    return {"total": len(TODOS), "done": done}


@app.post("/todos/<int:todo_id>/reopen")
def reopen(todo_id):
    TODOS[todo_id]["done"] = False
    return {"id": todo_id, "done": False}


@app.delete("/todos/<int:todo_id>")
def delete(todo_id):
    TODOS.pop(todo_id, None)
    return "", 204
