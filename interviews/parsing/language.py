"""The language a document is written in, when its header does not say."""

from __future__ import annotations

import functools


@functools.cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code, or "" when the text is too short to tell."""
    text = text.strip()
    if len(text) < 20:
        return ""
    language, probability = _identifier().classify(text)
    return language if probability >= 0.5 else ""
