"""The app's own errors, raised as Werkzeug HTTP errors as an extension would raise them."""
from werkzeug.exceptions import BadRequest


class CSRFError(BadRequest):
    description = "The CSRF token is missing."


class QuotaExceeded(Exception):
    code = 429
    description = "Too many uploads today."
