import web_compat
from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import RedirectResponse


async def read_body(request: Request) -> bytes:
    """The raw request body (Flask's request.get_data()), read before a sync handler runs."""
    return await request.body()


def create_app():
    app = FastAPI()
    app.state.config = {}
    app.state.config["GREETING"] = "hello"

    @app.api_route("/echo", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
    def echo(*, request: Request, raw_body: bytes = Depends(read_body), x_agent: str = Header(""), content_type: str = Header(""), x_size: str = Header(""), q: str = ""):
        return {"method": request.method, "body": raw_body.decode(), "agent": x_agent, "kind": content_type, "size": x_size, "query": q, "url": str(request.url), "host": request.url.netloc}

    @app.get("/greeting")
    def greeting():
        return {"greeting": app.state.config["GREETING"]}

    @app.get("/old")
    def old(*, request: Request):
        return RedirectResponse(web_compat.url_for(request, "greeting"), status_code=302)

    @app.get("/link")
    def link(*, request: Request):
        return {"link": web_compat.url_for(request, "greeting", _external=True)}

    return app


app = create_app()
