import io

from . import web_compat
from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import StreamingResponse

pages = APIRouter(tags=["pages"])
ARTICLES = {1: "Hello", 2: "Second post"}


@pages.get("/", name="pages.index")
def index(*, request: Request):
    links = [web_compat.url_for(request, "pages.article", article_id=key) for key in sorted(ARTICLES)]
    return web_compat.templates.TemplateResponse(request, "index.html", {"articles": ARTICLES, "links": links, "user": request.session.get("user")})


@pages.get("/articles/{article_id:int}", name="pages.article")
def article(article_id: int, *, request: Request):
    if article_id not in ARTICLES:
        raise HTTPException(status_code=404)
    return web_compat.templates.TemplateResponse(request, "article.html", {"title": ARTICLES[article_id], "article_id": article_id})


@pages.get("/gone", name="pages.gone")
def gone(*, request: Request):
    return web_compat.templates.TemplateResponse(request, "article.html", {"title": "Gone", "article_id": 0}, status_code=410)


@pages.get("/articles/{article_id:int}.txt", name="pages.download")
def download(article_id: int):
    text = ARTICLES.get(article_id, "")
    return web_compat.send_file(
        io.BytesIO(text.encode()),
        mimetype="text/plain",
        as_attachment=True,
        download_name=f"article {article_id}.txt",
    )


@pages.get("/files/{name:path}", name="pages.files")
def files(name: str):
    return web_compat.send_from_directory("static", name)


@pages.get("/robots.txt", name="pages.robots")
def robots():
    return Response("User-agent: *\nDisallow: /files/\n", media_type="text/plain")


@pages.get("/export.csv", name="pages.export")
def export():
    def rows():
        yield "id,title\n"
        for key in sorted(ARTICLES):
            yield f"{key},{ARTICLES[key]}\n"

    return StreamingResponse(rows(), media_type="text/csv")


@pages.get("/remember", name="pages.remember")
def remember(*, request: Request):
    response = web_compat.templates.TemplateResponse(request, "article.html", {"title": "Remembered", "article_id": 1})
    response.set_cookie("seen", "yes", samesite=None)
    response.headers["X-Remembered"] = "1"
    return response
