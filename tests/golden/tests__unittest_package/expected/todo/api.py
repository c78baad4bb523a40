from . import web_compat
from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

api = APIRouter(tags=["api"])
TASKS: dict[int, str] = {}


@api.api_route("/tasks", methods=["GET", "POST"], name="api.tasks")
def tasks(*, request: Request, form: web_compat.FormData = Depends(web_compat.form_data)):
    if request.method == "POST":
        title = form.get("title", "").strip()
        if not title:
            raise HTTPException(status_code=400)
        task_id = len(TASKS) + 1
        TASKS[task_id] = title
        request.session["last"] = task_id
        return RedirectResponse(web_compat.url_for(request, "api.task", task_id=task_id), status_code=302)
    return {"tasks": [{"id": k, "title": v} for k, v in sorted(TASKS.items())]}


@api.get("/tasks/{task_id:int}", name="api.task")
def task(task_id: int, *, request: Request):
    if task_id not in TASKS:
        raise HTTPException(status_code=404)
    response = JSONResponse({"id": task_id, "title": TASKS[task_id]})
    response.headers["X-Last"] = str(request.session.get("last"))
    response.set_cookie("seen", str(task_id), samesite=None)
    return response


@api.post("/reset", name="api.reset")
def reset():
    TASKS.clear()
    return Response(status_code=204)
