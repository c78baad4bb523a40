"""A file-less download service built with make_response."""
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse

app = FastAPI()

REPORTS = {"q1": "revenue,10\ncosts,7\n", "q2": "revenue,12\ncosts,8\n"}


@app.get("/reports/{name}")
def report(name: str):
    resp = HTMLResponse(REPORTS[name])
    resp.headers["X-Report"] = name
    return resp


@app.get("/reports/{name}/meta")
def meta(name: str):
    resp = JSONResponse({"name": name, "lines": REPORTS[name].count("\n")}, status_code=200)
    resp.headers["Cache-Control"] = "no-store"
    return resp


@app.post("/reports")
def create():
    REPORTS["q3"] = ""
    return JSONResponse({"created": "q3"}, status_code=201, headers={"Location": "/reports/q3"})


@app.get("/ping")
def ping():
    return HTMLResponse("pong", status_code=202)


@app.get("/gone")
def gone():
    response = HTMLResponse("gone for good", status_code=410)
    return response
