from flask import request


def page_arg():
    return request.headers.get("X-Page", "1")


def factory():
    def inner():
        return request.args.get("inner", "i")

    return inner()
