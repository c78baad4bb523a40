"""A tiny wiki that renders pages as HTML strings."""
from fastapi import FastAPI, Response
from fastapi.responses import HTMLResponse

app = FastAPI()

PAGES = {"home": "Welcome!", "rules": "Be nice."}


@app.get("/", response_class=HTMLResponse)
def index():
    return "<h1>Wiki</h1>"


@app.get("/pages/{name}")
def page(name: str):
    if name not in PAGES:
        return HTMLResponse(f"<p>No page called {name}</p>", status_code=404)
    return HTMLResponse(f"<h1>{name}</h1><p>{PAGES[name]}</p>")


@app.get("/pages", response_class=HTMLResponse)
def page_list():
    items = "".join(f"<li>{p}</li>" for p in sorted(PAGES))
    return "<ul>" + items + "</ul>"


@app.get("/version", response_class=HTMLResponse)
def version():
    return "wiki " + str(3)


@app.delete("/pages/{name}")
def delete_page(name: str):
    PAGES.pop(name, None)
    return Response(status_code=204)


@app.get("/teapot")
def teapot():
    return HTMLResponse("I'm a teapot", status_code=418)
