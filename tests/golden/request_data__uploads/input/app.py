"""An upload service: files arrive in multipart forms."""
import os

from flask import Flask, jsonify, request

app = Flask(__name__)
UPLOAD_DIR = os.path.join(os.path.dirname(__file__), "uploads")


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["document"]
    content = f.read()
    return jsonify(name=f.filename, size=len(content), type=f.mimetype)


@app.route("/avatar", methods=["POST"])
def avatar():
    picture = request.files.get("picture")
    if picture is None:
        return jsonify(error="no picture"), 400
    picture.save(os.path.join(UPLOAD_DIR, "avatar.bin"))
    with open(os.path.join(UPLOAD_DIR, "avatar.bin"), "rb") as saved:
        return jsonify(saved=len(saved.read()), caption=request.form.get("caption", ""))


@app.route("/batch", methods=["POST"])
def batch():
    files = request.files.getlist("item")
    return jsonify(sorted(f.filename for f in files))
