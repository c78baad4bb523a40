from fastapi import HTTPException
from fastapi.responses import HTMLResponse

from tracker import ISSUES, app


@app.get("/issues")
def issues():
    return [{"id": k, **v} for k, v in ISSUES.items()]


@app.get("/issues/{issue_id:int}")
def issue(issue_id: int):
    if issue_id not in ISSUES:
        raise HTTPException(status_code=404)
    return ISSUES[issue_id]


@app.post("/issues/{issue_id:int}/close")
def close(issue_id: int):
    if issue_id not in ISSUES:
        raise HTTPException(status_code=404)
    ISSUES[issue_id]["state"] = "closed"
    return ISSUES[issue_id]


@app.get("/issues/{state}/count", response_class=HTMLResponse)
def count(state: str):
    return str(sum(1 for i in ISSUES.values() if i["state"] == state))
