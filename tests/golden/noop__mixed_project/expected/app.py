"""A unit converter."""
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.convertors import FloatConvertor, register_url_convertor

from lib.formatting import pretty
from lib.units import FACTORS, convert


class FlaskFloatConvertor(FloatConvertor):
    """Flask's float converter: digits, a dot, digits (``3`` does not match)."""

    regex = r"[0-9]+\.[0-9]+"


register_url_convertor("flask_float", FlaskFloatConvertor())

app = FastAPI()


@app.get("/units")
def units():
    return sorted(FACTORS)


@app.get("/convert/{value:flask_float}/{source}/{target}")
def convert_value(value: float, source: str, target: str):
    if source not in FACTORS or target not in FACTORS:
        return JSONResponse({"error": "unknown unit"}, status_code=400)
    result = convert(value, source, target)
    return {"value": result, "text": pretty(result, target)}
