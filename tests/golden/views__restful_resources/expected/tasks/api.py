from fastapi import APIRouter

from tasks.resources import Ping, Task, TaskList

api_bp = APIRouter(tags=["api"])

tasklist_view = TaskList()
api_bp.add_api_route("/tasks", tasklist_view.get, name="api.tasklist")
api_bp.add_api_route("/tasks", tasklist_view.post, methods=["POST"], name="api.tasklist")
task_view = Task()
api_bp.add_api_route("/tasks/{task_id}", task_view.get, name="api.task")
api_bp.add_api_route("/tasks/{task_id}", task_view.delete, methods=["DELETE"], name="api.task")
api_bp.add_api_route("/todo/{task_id}", task_view.get, name="api.task")
api_bp.add_api_route("/todo/{task_id}", task_view.delete, methods=["DELETE"], name="api.task")
ping_view = Ping()
api_bp.add_api_route("/ping", ping_view.get, name="api.ping")
