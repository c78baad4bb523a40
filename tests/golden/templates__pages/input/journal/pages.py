import io

from flask import (
    Blueprint,
    Response,
    abort,
    make_response,
    render_template,
    send_file,
    send_from_directory,
    session,
    stream_with_context,
    url_for,
)

pages = Blueprint("pages", __name__)
ARTICLES = {1: "Hello", 2: "Second post"}


@pages.route("/")
def index():
    links = [url_for("pages.article", article_id=key) for key in sorted(ARTICLES)]
    return render_template("index.html", articles=ARTICLES, links=links, user=session.get("user"))


@pages.route("/articles/<int:article_id>")
def article(article_id):
    if article_id not in ARTICLES:
        abort(404)
    return render_template("article.html", title=ARTICLES[article_id], article_id=article_id)


@pages.route("/gone")
def gone():
    return render_template("article.html", title="Gone", article_id=0), 410


@pages.route("/articles/<int:article_id>.txt")
def download(article_id):
    text = ARTICLES.get(article_id, "")
    return send_file(
        io.BytesIO(text.encode()),
        mimetype="text/plain",
        as_attachment=True,
        download_name=f"article {article_id}.txt",
    )


@pages.route("/files/<path:name>")
def files(name):
    return send_from_directory("static", name)


@pages.route("/robots.txt")
def robots():
    return Response("User-agent: *\nDisallow: /files/\n", mimetype="text/plain")


@pages.route("/export.csv")
def export():
    def rows():
        yield "id,title\n"
        for key in sorted(ARTICLES):
            yield f"{key},{ARTICLES[key]}\n"

    return Response(stream_with_context(rows()), mimetype="text/csv")


@pages.route("/remember")
def remember():
    response = make_response(render_template("article.html", title="Remembered", article_id=1))
    response.set_cookie("seen", "yes")
    response.headers["X-Remembered"] = "1"
    return response
