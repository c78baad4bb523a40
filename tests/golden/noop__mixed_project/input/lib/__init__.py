"""Helpers shared by the app and by batch jobs."""
