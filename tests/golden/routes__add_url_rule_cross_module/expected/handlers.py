"""Plain functions: this module knows nothing about the web framework."""
from fastapi.responses import HTMLResponse, JSONResponse

WEATHER = {"oslo": -3, "lisbon": 17}


def city(name: str):
    if name not in WEATHER:
        return JSONResponse({"error": f"no data for {name}"}, status_code=404)
    return {"city": name, "celsius": WEATHER[name]}


def forecast(name: str, days: int):
    return {"city": name, "days": days, "celsius": [WEATHER.get(name, 0)] * days}


def banner(name: str):
    return HTMLResponse(f"<marquee>{name.title()}</marquee>")
