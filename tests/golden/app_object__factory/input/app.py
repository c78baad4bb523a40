"""Feature flags, served by an application factory."""
from flask import Flask, jsonify

DEFAULT_FLAGS = {"dark-mode": True, "beta-search": False}


def create_app(flags=None):
    app = Flask(__name__)
    state = dict(DEFAULT_FLAGS if flags is None else flags)

    @app.route("/flags")
    def all_flags():
        return jsonify(state)

    @app.route("/flags/<name>")
    def one_flag(name):
        if name not in state:
            return jsonify(error=f"no flag {name}"), 404
        return jsonify(name=name, enabled=state[name])

    @app.route("/flags/<name>/toggle", methods=["POST"])
    def toggle(name):
        state[name] = not state.get(name, False)
        return jsonify(name=name, enabled=state[name])

    @app.route("/healthz")
    def health():
        return "ok"

    return app
