"""Request checks shared by the views (no web framework here)."""


def missing_fields(data, names):
    absent = [name for name in names if name not in data]
    if absent:
        return {"error": "missing fields", "fields": absent}, 422
    return None
