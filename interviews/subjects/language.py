"""Which language to show topic labels and place names in.

Interview pages use the interview's language; other pages the reader's: `?lang=` when
given, else the browser's Accept-Language, among the languages the labels exist in.
"""

from __future__ import annotations

from django.utils.translation.trans_real import parse_accept_lang_header

LABEL_LANGUAGES = ("en", "es", "tr")
DEFAULT = "en"


def label_language(code: str | None) -> str:
    code = (code or "").split("-")[0].lower()
    return code if code in LABEL_LANGUAGES else DEFAULT


def reader_language(request) -> str:
    asked = request.GET.get("lang", "")
    if label_language(asked) == asked.lower() and asked:
        return asked.lower()
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:500]
    try:
        choices = parse_accept_lang_header(header)
    except ValueError:
        choices = ()
    for code, _quality in choices:
        code = code.split("-")[0].lower()
        if code in LABEL_LANGUAGES:
            return code
    return DEFAULT
