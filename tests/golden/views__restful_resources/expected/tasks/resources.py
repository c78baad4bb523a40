from fastapi import HTTPException, Response
from fastapi.responses import JSONResponse

TASKS = {"t1": {"title": "write the report", "done": False}}


def task_or_404(task_id):
    if task_id not in TASKS:
        raise HTTPException(status_code=404, detail=f"Task {task_id} doesn't exist")
    return TASKS[task_id]


class Task:
    def get(self, task_id: str):
        return task_or_404(task_id)

    def delete(self, task_id: str):
        task_or_404(task_id)
        del TASKS[task_id]
        return Response(status_code=204)


class TaskList:
    def get(self):
        return {"tasks": sorted(TASKS)}

    def post(self):
        task_id = f"t{len(TASKS) + 1}"
        TASKS[task_id] = {"title": "new task", "done": False}
        return JSONResponse(TASKS[task_id], status_code=201, headers={"Location": f"/api/tasks/{task_id}"})


class Ping:
    def get(self):
        return "pong"
