"""HL7 FHIR R4: reading a QuestionnaireResponse as answers (more in a later change)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paincheck.errors import PaincheckError
from paincheck.questionnaire import Questionnaire


def response_to_document(
    questionnaire: Questionnaire, resource: Mapping[str, Any], file: str
) -> dict[str, Any]:
    """An answers document from a FHIR QuestionnaireResponse."""
    raise PaincheckError.single(file, "FHIR QuestionnaireResponse files are not supported yet")
