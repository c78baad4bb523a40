from fastapi.responses import HTMLResponse

from pkg import app


@app.get("/other", response_class=HTMLResponse)
def other_view(*, o: str = "x"):
    return "other " + o
