"""A tiny status service for a build farm."""
from flask import Flask, jsonify

app = Flask(__name__)

AGENTS = {
    "linux-01": {"state": "idle", "jobs": 0},
    "mac-02": {"state": "busy", "jobs": 3},
}


@app.route("/")
def index():
    return "<h1>Build farm</h1><p>See /agents</p>"


@app.route("/agents")
def list_agents():
    return jsonify(sorted(AGENTS))


@app.route("/agents/<name>")
def agent(name):
    info = AGENTS.get(name)
    if info is None:
        return jsonify(error="unknown agent", name=name), 404
    return jsonify(name=name, **info)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080, debug=True)
