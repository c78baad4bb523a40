"""Start the development server: ``python run.py``."""

from bookshop import app

if __name__ == "__main__":
    app.run(port=5000)
