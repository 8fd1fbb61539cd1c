"""Places (countries and major regions) and well-known organisations, and how texts name them.

Countries and their English, Spanish and Turkish names come from pycountry (ISO 3166-1
and the translations of Debian's iso-codes); `data/places.yaml` adds what it lacks: the
short names, capitals and demonyms a press text uses, regions (UN M49 codes where M49
has them, `x-…` where it has not) and names that often mean something else. `data/
organisations.yaml` lists organisations, with acronyms matched in capitals only.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry
import yaml

from .matching import fold

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "es", "tr")
COUNTRY, REGION, ORGANISATION = "country", "region", "organisation"
# ISO 3166-1 reserves these for user assignment; the archive uses XK for Kosovo, as the
# European Commission and most newsrooms do.
EXTRA_COUNTRIES = {"XK": {"en": "Kosovo", "es": "Kosovo", "tr": "Kosova"}}


@dataclass(frozen=True)
class Entry:
    code: str
    kind: str
    names: dict[str, str]  # display name per language
    phrases: tuple[str, ...] = ()  # ways a text names it (any case, no accents needed)
    weak: tuple[str, ...] = ()  # phrases that count only beside a surer mention
    acronyms: tuple[str, ...] = ()  # matched with their capitals

    @property
    def name(self) -> str:
        return self.names["en"]


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    not_places: tuple[str, ...] = ()
    # language -> {acronym: code}: capitals that name something else in that language
    language_acronyms: dict[str, dict[str, str]] = field(default_factory=dict)

    def places(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind in (COUNTRY, REGION)]

    def organisations(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == ORGANISATION]


def _translations(language: str):
    if language == "en":
        return None
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None


def _display(country) -> str:
    return getattr(country, "common_name", None) or country.name


def _country_names() -> dict[str, dict[str, str]]:
    translations = {language: _translations(language) for language in LANGUAGES}
    names: dict[str, dict[str, str]] = {}
    for country in pycountry.countries:
        per_language = {"en": _display(country)}
        for language, translation in translations.items():
            if translation is not None:
                per_language[language] = translation.gettext(country.name)
        names[country.alpha_2] = per_language
    names.update(EXTRA_COUNTRIES)
    return names


def _usable(name: str) -> bool:
    # "Korea, Republic of" and the like are index forms, not what a text says.
    return "," not in name and "(" not in name


def read_gazetteer(data: Path = DATA) -> Gazetteer:
    places = yaml.safe_load((data / "places.yaml").read_text(encoding="utf-8"))
    organisations = yaml.safe_load((data / "organisations.yaml").read_text(encoding="utf-8"))
    gazetteer = Gazetteer(
        not_places=tuple(places.get("not_places", [])),
        language_acronyms=places.get("language_acronyms", {}),
    )
    curated = places.get("countries", {})
    not_names = {fold(n) for n in places.get("not_names", [])}
    display = places.get("display", {})
    for code, names in _country_names().items():
        extra = curated.get(code, {})
        phrases = [n for n in names.values() if _usable(n) and fold(n) not in not_names]
        phrases += [str(p) for p in extra.get("names", []) + extra.get("demonyms", [])]
        gazetteer.entries[code] = Entry(
            code=code,
            kind=COUNTRY,
            names={
                **{k: v.split(",")[0] if not _usable(v) else v for k, v in names.items()},
                **display.get(code, {}),
            },
            phrases=tuple(dict.fromkeys(phrases)),
            weak=tuple(str(p) for p in extra.get("weak", [])),
            acronyms=tuple(str(a) for a in extra.get("acronyms", [])),
        )
    for code, region in places.get("regions", {}).items():
        gazetteer.entries[str(code)] = Entry(
            code=str(code),
            kind=REGION,
            names={language: region[language] for language in LANGUAGES},
            phrases=tuple(str(p) for p in region.get("names", []) + region.get("demonyms", [])),
            weak=tuple(str(p) for p in region.get("weak", [])),
        )
    for item in organisations:
        gazetteer.entries[item["code"]] = Entry(
            code=item["code"],
            kind=ORGANISATION,
            names={language: item[language] for language in LANGUAGES},
            phrases=tuple(str(p) for p in item.get("names", [])),
            acronyms=tuple(str(a) for a in item.get("acronyms", [])),
        )
    return gazetteer


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return read_gazetteer()
