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

OUTPUT_REJECTED = FindingSpec(
    "F2F006",
    "output-rejected",
    Severity.MANUAL,
    "The converted file failed the self-check ({error}): the conversion would have changed "
    "what a name means; the file was left as it was.",
    "Convert this file by hand, or report the input that caused it as a bug.",
)

INTERNAL_ERROR = FindingSpec(
    "F2F007",
    "internal-error",
    Severity.MANUAL,
    "The converter failed on this file ({error}); the file was left as it was.",
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

PIPELINE_FINDINGS = (
    OUTPUT_DOES_NOT_COMPILE,
    OUTPUT_REJECTED,
    INTERNAL_ERROR,
    DEPENDENCIES_UPDATED,
    TEMPLATE_API,
)
