"""Plain functions: this module knows nothing about the web framework."""

WEATHER = {"oslo": -3, "lisbon": 17}


def city(name):
    if name not in WEATHER:
        return {"error": f"no data for {name}"}, 404
    return {"city": name, "celsius": WEATHER[name]}


def forecast(name, days):
    return {"city": name, "days": days, "celsius": [WEATHER.get(name, 0)] * days}


def banner(name):
    return f"<marquee>{name.title()}</marquee>"
