from flask import Flask, jsonify, redirect, request, url_for


def create_app():
    app = Flask(__name__)
    app.config["GREETING"] = "hello"

    @app.route("/echo", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
    def echo():
        return jsonify(
            method=request.method,
            body=request.get_data(as_text=True),
            agent=request.headers.get("X-Agent", ""),
            kind=request.headers.get("Content-Type", ""),
            size=request.headers.get("X-Size", ""),
            query=request.args.get("q", ""),
            url=request.url,
            host=request.host,
        )

    @app.route("/greeting")
    def greeting():
        return jsonify(greeting=app.config["GREETING"])

    @app.route("/old")
    def old():
        return redirect(url_for("greeting"))

    @app.route("/link")
    def link():
        return jsonify(link=url_for("greeting", _external=True))

    return app


app = create_app()
