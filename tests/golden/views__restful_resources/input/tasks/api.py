from flask import Blueprint
from flask_restful import Api

from tasks.resources import Ping, Task, TaskList

api_bp = Blueprint("api", __name__)
api = Api(api_bp)

api.add_resource(TaskList, "/tasks")
api.add_resource(Task, "/tasks/<task_id>", "/todo/<task_id>", endpoint="task")
api.add_resource(Ping, "/ping")
