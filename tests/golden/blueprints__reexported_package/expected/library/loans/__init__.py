"""Loans: the blueprint is declared in views.py, and this package re-exports it."""
from .views import bp
from . import handlers  # the blueprint's error handler and one more route
