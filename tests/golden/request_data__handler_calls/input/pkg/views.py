from functools import wraps

from flask import abort, g, jsonify, request, session

from pkg import app
from pkg.helpers import factory, page_arg
from pkg.other import other_view


def needs_user(f):
    @wraps(f)
    def wrapper(*args, **kwargs):
        if not request.headers.get("X-User"):
            abort(401)
        return f(*args, **kwargs)

    return wrapper


def permission_required(permission):
    def decorator(f):
        @wraps(f)
        def decorated_function(*args, **kwargs):
            if request.args.get("perm") != permission:
                abort(403)
            return f(*args, **kwargs)

        return decorated_function

    return decorator


class Thing:
    def page_arg(self):
        return "method"


@app.route("/g")
def reads_g():
    return "g " + str(getattr(g, "x", None))


@app.route("/s")
def reads_session():
    return "s " + str(session.get("x"))


@app.route("/d")
@needs_user
def decorated():
    return "decorated"


@app.route("/perm")
@permission_required("write")
def perm():
    return "perm"


@app.route("/j", methods=["GET", "POST"])
def reads_json():
    data = request.get_json(silent=True)
    return jsonify(data=data)


@app.route("/calls")
def calls():
    a = reads_g()
    b = reads_session()
    c = decorated()
    d = other_view()
    e = page_arg()
    f = factory()
    t = Thing().page_arg()
    return " | ".join(str(x) for x in (a, b, c, d, e, f, t))


@app.route("/calls-json", methods=["POST"])
def calls_json():
    return reads_json()


def warm_cache():
    return other_view()
