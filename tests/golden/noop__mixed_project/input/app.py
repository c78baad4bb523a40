"""A unit converter."""
from flask import Flask, jsonify

from lib.formatting import pretty
from lib.units import FACTORS, convert

app = Flask(__name__)


@app.route("/units")
def units():
    return jsonify(sorted(FACTORS))


@app.route("/convert/<float:value>/<source>/<target>")
def convert_value(value, source, target):
    if source not in FACTORS or target not in FACTORS:
        return jsonify(error="unknown unit"), 400
    result = convert(value, source, target)
    return jsonify(value=result, text=pretty(result, target))
