"""Findings raised by the pipeline itself rather than by a rule."""

from __future__ import annotations

from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FindingSpec

OUTPUT_DOES_NOT_COMPILE = FindingSpec(
    "F2F003",
    "output-does-not-compile",
    Severity.MANUAL,
    "The converted file would not compile ({error}); the file was left as it was.",
    "Convert this file by hand, or report the input that caused it as a bug.",
)

DEPENDENCIES_UPDATED = FindingSpec(
    "F2F701",
    "dependencies-updated",
    Severity.INFO,
    "Dependencies updated: flask -> {added}.",
    "Review the pins, then reinstall (pip install -r {file}).",
)

TEMPLATE_API = FindingSpec(
    "F2F315",
    "template-flask-api",
    Severity.MANUAL,
    "This template uses `{use}`, which the converted app does not give templates: {why}.",
    "{advice}",
)

PIPELINE_FINDINGS = (OUTPUT_DOES_NOT_COMPILE, DEPENDENCIES_UPDATED, TEMPLATE_API)
