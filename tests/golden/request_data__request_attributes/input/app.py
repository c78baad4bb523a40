"""A diagnostics API that echoes what it knows about each request."""
from flask import Blueprint, Flask, g, jsonify, request

app = Flask(__name__)
api = Blueprint("api", __name__, url_prefix="/api")


@app.before_request
def remember_route():
    g.endpoint = request.endpoint
    g.blueprint = request.blueprint
    g.page = request.view_args.get("page") if request.view_args else None


@app.route("/about")
def about():
    return jsonify(
        full_path=request.full_path,
        script_root=request.script_root,
        is_secure=request.is_secure,
        url_root=request.url_root,
        referrer=request.referrer,
        agent=request.user_agent.string,
        agent_text=str(request.user_agent),
        route=request.access_route,
        endpoint=request.endpoint,
        seen=g.endpoint,
        blueprint=request.blueprint,
        rule=str(request.url_rule),
        forwarded=request.headers.environ.get("HTTP_X_FORWARDED_FOR"),
        method=request.environ["REQUEST_METHOD"],
    )


@app.route("/negotiate")
def negotiate():
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    if best == "text/html":
        return "<p>hello</p>"
    return jsonify(
        best=best,
        language=request.accept_languages.best,
        authorized=request.authorization.username if request.authorization else None,
    )


@app.route("/submit", methods=["GET", "POST"])
def submit():
    return jsonify(
        is_json=request.is_json,
        mimetype=request.mimetype,
        params=request.mimetype_params,
        length=request.content_length,
        name=request.values.get("name"),
        names=request.values.getlist("name"),
        values=request.values.to_dict(flat=False),
    )


@app.route("/query")
def query():
    key = request.args.get("key", "q")
    return jsonify(
        items=sorted(request.args.items()),
        keys=sorted(request.args.keys()),
        lists=sorted(request.args.lists()),
        all=request.args.to_dict(flat=False),
        plain=dict(request.args),
        chosen=request.args.get(key),
    )


@app.route("/headers")
def headers():
    return jsonify(
        names=sorted(name for name, _ in request.headers.items() if name.startswith("X-")),
        custom=sorted(k for k, v in request.headers if k.startswith("X-")),
        tokens=request.headers.getlist("X-Token"),
        cookies=request.cookies.to_dict(),
        every=sorted(request.cookies.items()),
        size=request.cookies.get("size", 0, type=int),
    )


@api.route("/pages/<int:page>")
def page(page):
    return jsonify(
        page=page,
        seen=g.page,
        endpoint=request.endpoint,
        blueprint=g.blueprint,
        rule=request.url_rule.rule,
        args=request.view_args,
    )


app.register_blueprint(api)
