"""A tiny Flask extension keeping the counts in memory, one per app."""
# TODO(flask2fastapi): F2F001 Flask API still used here: current_app, g.
from flask import current_app, g


class Tally:
    def __init__(self, app=None):
        self.counts = {}
        self.closed = 0
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        app.config.setdefault("TALLY_STEP", 1)
        app.extensions["tally"] = self
        app.teardown_appcontext(self.close)

    def count(self, name):
        return self.counts.get(name, 0)

    def hit(self, name):
        # TODO(flask2fastapi): F2F414 `current_app` is used in `hit`, outside a route handler: a FastAPI app is reached through the request (`request.app`), there is no global one. Until then `current_app` is the Flask app kept as a host (its config is `app.state.config`).
        step = current_app.config["TALLY_STEP"]
        self.counts[name] = self.count(name) + step
        # TODO(flask2fastapi): F2F411 `g` is used in `hit`, outside a route handler: Flask's per-request `g` has no global FastAPI equivalent. Until then it runs on Flask's `g`, which the Flask app kept as a host shares with `request.state`.
        g.tally_touched = name
        return self.counts[name]

    def reset(self, name=None):
        if name is None:
            self.counts.clear()
        else:
            self.counts.pop(name, None)

    def close(self, exception):
        # runs when each app context ends, like a database extension closing its connection
        # TODO(flask2fastapi): F2F411 `g` is used in `close`, outside a route handler: Flask's per-request `g` has no global FastAPI equivalent. Until then it runs on Flask's `g`, which the Flask app kept as a host shares with `request.state`.
        if g.pop("tally_touched", None) is not None:
            self.closed += 1


tally = Tally()
