"""Settings loaded into the app's config at start-up."""


class Settings:
    SECRET_KEY = "change-me-in-production"
