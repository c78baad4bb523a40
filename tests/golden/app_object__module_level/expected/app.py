"""A tiny status service for a build farm."""
import uvicorn
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse

app = FastAPI()

AGENTS = {
    "linux-01": {"state": "idle", "jobs": 0},
    "mac-02": {"state": "busy", "jobs": 3},
}


@app.get("/", response_class=HTMLResponse)
def index():
    return "<h1>Build farm</h1><p>See /agents</p>"


@app.get("/agents")
def list_agents():
    return sorted(AGENTS)


@app.get("/agents/{name}")
def agent(name: str):
    info = AGENTS.get(name)
    if info is None:
        return JSONResponse({"error": "unknown agent", "name": name}, status_code=404)
    return {"name": name, **info}


if __name__ == "__main__":
    # TODO(flask2fastapi): F2F102 app.run(debug=...) was dropped: uvicorn.run() only reloads from an import string.
    uvicorn.run(app, host="0.0.0.0", port=8080)
