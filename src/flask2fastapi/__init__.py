"""flask2fastapi: migrate Flask applications to FastAPI."""

__version__ = "0.1.0"
