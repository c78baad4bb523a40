"""Fuzzing the converter with Flask projects built from common idioms."""
