"""Feature flags, served by an application factory."""
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse

DEFAULT_FLAGS = {"dark-mode": True, "beta-search": False}


def create_app(flags=None):
    app = FastAPI()
    state = dict(DEFAULT_FLAGS if flags is None else flags)

    @app.get("/flags")
    def all_flags():
        return state

    @app.get("/flags/{name}")
    def one_flag(name: str):
        if name not in state:
            return JSONResponse({"error": f"no flag {name}"}, status_code=404)
        return {"name": name, "enabled": state[name]}

    @app.post("/flags/{name}/toggle")
    def toggle(name: str):
        state[name] = not state.get(name, False)
        return {"name": name, "enabled": state[name]}

    @app.get("/healthz", response_class=HTMLResponse)
    def health():
        return "ok"

    return app
