"""Start the development server: ``python run.py``."""

from notebook import create_app

if __name__ == "__main__":
    create_app().run(port=5000)
