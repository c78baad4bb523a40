from flask import Flask, jsonify, redirect, request, session, url_for


def create_app(test_config=None):
    app = Flask(__name__)
    app.config.from_mapping(SECRET_KEY="shop-test-key", CURRENCY="EUR")
    if test_config:
        app.config.update(test_config)

    @app.route("/")
    def index():
        return "<h1>Shop</h1>"

    @app.route("/prices")
    def prices():
        limit = request.args.get("limit", 10, type=int)
        return jsonify(currency=app.config["CURRENCY"], prices=[1, 2, 3][:limit])

    @app.route("/orders", methods=["POST"])
    def orders():
        payload = request.get_json()
        return jsonify(item=payload["item"], by=request.headers.get("X-User", "anon")), 201

    @app.route("/upload", methods=["POST"])
    def upload():
        doc = request.files["doc"]
        return jsonify(name=doc.filename, size=len(doc.read()), note=request.form["note"])

    @app.route("/raw", methods=["POST"])
    def raw():
        return request.get_data(as_text=True).upper()

    @app.route("/login", methods=["POST"])
    def login():
        session["user"] = request.form["user"]
        return redirect(url_for("me"))

    @app.route("/me")
    def me():
        return jsonify(user=session.get("user"), theme=request.cookies.get("theme"))

    return app
