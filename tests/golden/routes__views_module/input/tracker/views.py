from flask import abort, jsonify

from tracker import ISSUES, app


@app.route("/issues")
def issues():
    return jsonify([{"id": k, **v} for k, v in ISSUES.items()])


@app.route("/issues/<int:issue_id>")
def issue(issue_id):
    if issue_id not in ISSUES:
        abort(404)
    return jsonify(ISSUES[issue_id])


@app.route("/issues/<int:issue_id>/close", methods=["POST"])
def close(issue_id):
    if issue_id not in ISSUES:
        abort(404)
    ISSUES[issue_id]["state"] = "closed"
    return jsonify(ISSUES[issue_id])


@app.route("/issues/<state>/count")
def count(state):
    return str(sum(1 for i in ISSUES.values() if i["state"] == state))
