from flask_restful import Resource, abort

TASKS = {"t1": {"title": "write the report", "done": False}}


def task_or_404(task_id):
    if task_id not in TASKS:
        abort(404, message=f"Task {task_id} doesn't exist")
    return TASKS[task_id]


class Task(Resource):
    def get(self, task_id):
        return task_or_404(task_id)

    def delete(self, task_id):
        task_or_404(task_id)
        del TASKS[task_id]
        return "", 204


class TaskList(Resource):
    def get(self):
        return {"tasks": sorted(TASKS)}

    def post(self):
        task_id = f"t{len(TASKS) + 1}"
        TASKS[task_id] = {"title": "new task", "done": False}
        return TASKS[task_id], 201, {"Location": f"/api/tasks/{task_id}"}


class Ping(Resource):
    def get(self):
        return "pong"
