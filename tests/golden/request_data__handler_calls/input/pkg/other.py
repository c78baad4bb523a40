from flask import request

from pkg import app


@app.route("/other")
def other_view():
    return "other " + request.args.get("o", "x")
