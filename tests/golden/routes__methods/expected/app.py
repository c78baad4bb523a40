"""A to-do list whose handlers only look at the path."""
from fastapi import FastAPI, Response

app = FastAPI()

TODOS = {1: {"title": "write docs", "done": False}, 2: {"title": "ship", "done": False}}


@app.get("/todos")
def list_todos():
    return [{"id": i, **t} for i, t in sorted(TODOS.items())]


@app.post("/todos/{todo_id:int}/done")
def mark_done(todo_id: int):
    TODOS[todo_id]["done"] = True
    return {"id": todo_id, "done": True}


@app.api_route("/todos/{todo_id:int}", methods=["GET", "PUT"])
def todo(todo_id: int):
    return {"id": todo_id, **TODOS[todo_id]}


@app.get("/stats")
def stats():
    done = sum(t["done"] for t in TODOS.values())
    return {"total": len(TODOS), "done": done}


@app.post("/todos/{todo_id:int}/reopen")
def reopen(todo_id: int):
    TODOS[todo_id]["done"] = False
    return {"id": todo_id, "done": False}


@app.delete("/todos/{todo_id:int}")
def delete(todo_id: int):
    TODOS.pop(todo_id, None)
    return Response(status_code=204)
