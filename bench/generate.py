"""A deterministic corpus of any size, recombined from the turns of real documents.

Each generated interview takes a run of real turns from one real document of a language,
swaps some for turns of other documents in that language, and gives them new speakers
(people drawn with a skew, so that some speak often), a new date, outlet and topics. The
output is the simplest well-supported document format: `Key: value` header lines, a blank
line, then `Name: text` turns separated by blank lines.

With a `Shape` (bench/shape.py, measured on the real corpus) the archive is as skewed as a
real one: interviewees, journalists and outlets are drawn by the fitted power law of
turns over rank, nearly every question is put by an unnamed `Reporter` as in the real
briefings, and years follow the real turns per year (thin early years kept, so that old
date ranges still find something). Without one, the even generator of the first figures:
people with a mild skew, outlets and dates uniform.

The same pool, seed, shape and index always give the same bytes. Pure Python: no database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import random
from dataclasses import dataclass
from pathlib import Path

from .shape import zipf_weights

FIRST_NAMES = {
    "en": [
        "Aaron",
        "Abigail",
        "Adrian",
        "Alice",
        "Amelia",
        "Andrew",
        "Anna",
        "Arthur",
        "Audrey",
        "Benjamin",
        "Beth",
        "Caleb",
        "Carla",
        "Charles",
        "Chloe",
        "Claire",
        "Colin",
        "Daniel",
        "Diana",
        "Edward",
        "Eleanor",
        "Elliot",
        "Emily",
        "Ethan",
        "Fiona",
        "Frances",
        "Gavin",
        "Grace",
        "Hannah",
        "Harold",
        "Helen",
        "Henry",
        "Irene",
        "Isaac",
        "Jack",
        "Janet",
        "Jasper",
        "Joan",
        "Jonah",
        "Julia",
        "Kevin",
        "Laura",
        "Lewis",
        "Lily",
        "Lucas",
        "Margaret",
        "Martin",
        "Naomi",
        "Nathan",
        "Olivia",
        "Oscar",
        "Paula",
        "Peter",
        "Rachel",
        "Robert",
        "Ruth",
        "Samuel",
        "Sarah",
        "Simon",
        "Sophie",
        "Thomas",
        "Victoria",
    ],
    "es": [
        "Adriana",
        "Alberto",
        "Alejandro",
        "Alicia",
        "Ana",
        "Andrés",
        "Antonio",
        "Beatriz",
        "Carlos",
        "Carmen",
        "Catalina",
        "Claudia",
        "Cristina",
        "Daniel",
        "Diego",
        "Elena",
        "Emilio",
        "Enrique",
        "Ernesto",
        "Esteban",
        "Eugenia",
        "Fernando",
        "Francisco",
        "Gabriela",
        "Gerardo",
        "Guadalupe",
        "Héctor",
        "Ignacio",
        "Inés",
        "Isabel",
        "Javier",
        "Jorge",
        "José",
        "Josefina",
        "Juan",
        "Julia",
        "Laura",
        "Leticia",
        "Lorena",
        "Lucía",
        "Luis",
        "Manuel",
        "Marcela",
        "Margarita",
        "María",
        "Mario",
        "Marta",
        "Miguel",
        "Mónica",
        "Natalia",
        "Norma",
        "Óscar",
        "Patricia",
        "Pedro",
        "Rafael",
        "Raúl",
        "Ricardo",
        "Rocío",
        "Rosa",
        "Sergio",
        "Silvia",
        "Teresa",
        "Tomás",
        "Verónica",
    ],
}
SURNAMES = {
    "en": [
        "Abbott",
        "Adams",
        "Allen",
        "Archer",
        "Bailey",
        "Baker",
        "Barnes",
        "Bell",
        "Bennett",
        "Brooks",
        "Butler",
        "Campbell",
        "Carter",
        "Chapman",
        "Clarke",
        "Coleman",
        "Collins",
        "Cooper",
        "Crawford",
        "Davies",
        "Dixon",
        "Douglas",
        "Edwards",
        "Ellis",
        "Evans",
        "Fisher",
        "Fleming",
        "Foster",
        "Fraser",
        "Gardner",
        "Gibson",
        "Graham",
        "Grant",
        "Hamilton",
        "Harper",
        "Hayes",
        "Holland",
        "Howard",
        "Hughes",
        "Hunter",
        "Jenkins",
        "Kennedy",
        "Lawrence",
        "Lloyd",
        "Marshall",
        "Mason",
        "Matthews",
        "Mitchell",
        "Morgan",
        "Murray",
        "Nelson",
        "Palmer",
        "Parker",
        "Pearson",
        "Porter",
        "Reid",
        "Reynolds",
        "Richards",
        "Russell",
        "Saunders",
        "Shaw",
        "Spencer",
        "Stevens",
        "Sullivan",
        "Taylor",
        "Turner",
        "Wallace",
        "Walsh",
        "Warren",
        "Watson",
        "Webb",
        "Wells",
        "Whitaker",
        "Wood",
        "Wright",
    ],
    "es": [
        "Acosta",
        "Aguilar",
        "Alvarado",
        "Álvarez",
        "Arellano",
        "Ávila",
        "Barrera",
        "Benítez",
        "Bravo",
        "Cabrera",
        "Calderón",
        "Campos",
        "Cárdenas",
        "Castañeda",
        "Castillo",
        "Castro",
        "Cervantes",
        "Contreras",
        "Cortés",
        "Cruz",
        "Delgado",
        "Domínguez",
        "Escobar",
        "Espinoza",
        "Estrada",
        "Figueroa",
        "Flores",
        "Fuentes",
        "Gallardo",
        "García",
        "Gómez",
        "González",
        "Guerrero",
        "Gutiérrez",
        "Herrera",
        "Ibarra",
        "Jiménez",
        "Juárez",
        "Lara",
        "León",
        "Lozano",
        "Luna",
        "Maldonado",
        "Márquez",
        "Medina",
        "Mejía",
        "Mendoza",
        "Miranda",
        "Molina",
        "Montes",
        "Morales",
        "Moreno",
        "Navarro",
        "Núñez",
        "Ochoa",
        "Orozco",
        "Ortega",
        "Pacheco",
        "Padilla",
        "Peña",
        "Ramírez",
        "Ramos",
        "Reyes",
        "Ríos",
        "Rivera",
        "Robles",
        "Rojas",
        "Romero",
        "Salazar",
        "Sandoval",
        "Santiago",
        "Solís",
        "Soto",
        "Valdez",
        "Vargas",
        "Vega",
    ],
}
OUTLETS = {
    "en": [
        "The Morning Ledger",
        "Harbour City Herald",
        "Northfield Public Radio",
        "The Weekly Examiner",
        "Capital Affairs Television",
        "Riverside Gazette",
        "The Continental Review",
        "Atlantic Press Service",
        "Metro Evening Post",
        "The Civic Observer",
        "Global Desk Podcast",
        "Lakeshore Broadcasting",
        "The Policy Quarterly",
        "Summit News Network",
    ],
    "es": [
        "Diario del Valle",
        "Radio Meridiano",
        "La Crónica Nacional",
        "Televisión del Pacífico",
        "El Observador Semanal",
        "Revista Horizonte",
        "Agencia Informativa del Sur",
        "Noticiero Altiplano",
        "La Voz de la Costa",
        "Canal Plural",
    ],
}
TOPICS = {
    "en": [
        "Economy",
        "Health",
        "Security",
        "Energy",
        "Education",
        "Immigration",
        "Trade",
        "Climate",
        "Technology",
        "Foreign policy",
        "Elections",
        "Housing",
        "Transport",
        "Agriculture",
        "Justice",
        "Defence",
    ],
    "es": [
        "Economía",
        "Salud",
        "Seguridad",
        "Energía",
        "Educación",
        "Migración",
        "Comercio",
        "Clima",
        "Tecnología",
        "Política exterior",
        "Elecciones",
        "Vivienda",
        "Transporte",
        "Agricultura",
        "Justicia",
        "Defensa",
    ],
}
TITLES = {
    "en": "Interview with {name} on {topic}, no. {number}",
    "es": "Entrevista con {name} sobre {topic}, núm. {number}",
}
FIRST_DAY = dt.date(1995, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
DAYS = (LAST_DAY - FIRST_DAY).days
RECOMBINE = 0.3  # share of turns taken from another document of the same language
PANEL = 0.15  # share of interviews with two interviewees


REPORTER = "Reporter"


@dataclass(frozen=True)
class Shape:
    """How unevenly turns fall in a generated archive; `from_measured(bench.shape.load())`."""

    people_exponent: float  # interviewees (and journalists) by rank
    source_exponent: float  # outlets by rank
    reporter_share: float  # of the questions, those put by an unnamed Reporter
    years: tuple[tuple[int, float], ...]  # (year, weight)

    @classmethod
    def from_measured(cls, measured: dict) -> Shape:
        counted = {int(year): count for year, count, _ in measured["years"]["top"]}
        floor = min(counted.values())
        span = range(min(FIRST_DAY.year, *counted), max(LAST_DAY.year, *counted) + 1)
        return cls(
            people_exponent=measured["people"]["zipf_exponent"],
            source_exponent=measured["sources"]["zipf_exponent"],
            reporter_share=measured["reporter_share_of_interviewer_turns"],
            years=tuple((year, float(counted.get(year, floor))) for year in span),
        )

    def describe(self) -> dict:
        return {
            "people_zipf_exponent": self.people_exponent,
            "source_zipf_exponent": self.source_exponent,
            "reporter_share_of_questions": self.reporter_share,
            "years": [self.years[0][0], self.years[-1][0]],
        }


def _cumulative(weights) -> list[float]:
    return list(itertools.accumulate(weights))


@dataclass
class Document:
    name: str  # file name
    text: str
    language: str
    turns: int

    def sha(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


class Generator:
    """Documents numbered 0, 1, 2, ... of a corpus of `interviews` documents."""

    def __init__(
        self,
        pool: list[dict],
        *,
        interviews: int,
        seed: int,
        turns_min: int = 12,
        turns_max: int = 48,
        shape: Shape | None = None,
    ):
        if not pool:
            raise ValueError("the pool of real turns is empty")
        self.seed = seed
        self.shape = shape
        self.turns_min, self.turns_max = turns_min, turns_max
        self.by_language: dict[str, list[dict]] = {}
        for entry in pool:
            language = entry["language"] if entry["language"] in FIRST_NAMES else "en"
            self.by_language.setdefault(language, []).append(entry)
        self.languages = sorted(self.by_language)
        weights = [len(self.by_language[lang]) for lang in self.languages]
        self.weights = [w / sum(weights) for w in weights]
        self.people: dict[str, list[str]] = {}
        self.journalists: dict[str, list[str]] = {}
        for language, share in zip(self.languages, self.weights, strict=True):
            names = [f"{f} {s}" for f in FIRST_NAMES[language] for s in SURNAMES[language]]
            random.Random(f"{seed}:names:{language}").shuffle(names)
            people = max(8, round(interviews * share / 25))
            journalists = max(4, round(interviews * share / 100))
            people = min(people, len(names) * 3 // 4)
            journalists = min(journalists, len(names) - people)
            self.people[language] = names[:people]
            self.journalists[language] = names[people : people + journalists]
        if shape is not None:
            self.people_weights = {
                lang: _cumulative(zipf_weights(len(names), shape.people_exponent))
                for lang, names in self.people.items()
            }
            self.journalist_weights = {
                lang: _cumulative(zipf_weights(len(names), shape.people_exponent))
                for lang, names in self.journalists.items()
            }
            self.outlet_weights = {
                lang: _cumulative(zipf_weights(len(names), shape.source_exponent))
                for lang, names in OUTLETS.items()
            }
            self.years = [year for year, _ in shape.years]
            self.year_weights = _cumulative(weight for _, weight in shape.years)

    def document(self, index: int) -> Document:
        rng = random.Random(f"{self.seed}:{index}")
        language = rng.choices(self.languages, self.weights)[0]
        docs = self.by_language[language]
        wanted = rng.randint(self.turns_min, self.turns_max)
        turns = self._turns(rng, docs, wanted)

        guest = self._person(rng, language)
        guests = [guest]
        if rng.random() < PANEL:
            other = self._person(rng, language)
            if other != guest:
                guests.append(other)
        journalists = self.journalists[language]
        if self.shape is None:
            host = journalists[rng.randrange(len(journalists))]
        else:
            host = rng.choices(journalists, cum_weights=self.journalist_weights[language])[0]
        topics = rng.sample(TOPICS[language], rng.randint(1, 2))
        if self.shape is None:
            outlet = rng.choice(OUTLETS[language])
            date = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS + 1))
        else:
            outlet = rng.choices(OUTLETS[language], cum_weights=self.outlet_weights[language])[0]
            year = rng.choices(self.years, cum_weights=self.year_weights)[0]
            first = dt.date(year, 1, 1)
            date = first + dt.timedelta(days=rng.randrange((dt.date(year, 12, 31) - first).days))
        title = TITLES[language].format(name=guest, topic=topics[0].lower(), number=index + 1)

        lines = [
            f"Title: {title}",
            f"Date: {date.isoformat()}",
            f"Source: {outlet}",
            f"URL: https://archive.example.org/bench/{language}/{index + 1:07d}",
            f"Language: {language}",
            f"Topics: {', '.join(topics)}",
            "",
        ]
        reporter = self.shape.reporter_share if self.shape else 0.0
        for kind, text in turns:
            if kind == "question":
                speaker = REPORTER if reporter and rng.random() < reporter else host
            else:
                speaker = rng.choice(guests)
            paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
            lines.append(f"{speaker}: {paragraphs[0]}")
            lines.append("")
            for paragraph in paragraphs[1:]:
                lines.append(paragraph)
                lines.append("")
        name = f"{language}-{index + 1:07d}.txt"
        return Document(name, "\n".join(lines), language, len(turns))

    def _person(self, rng: random.Random, language: str) -> str:
        people = self.people[language]
        if self.shape is None:
            return people[_skewed(rng, len(people))]
        return rng.choices(people, cum_weights=self.people_weights[language])[0]

    def _turns(self, rng: random.Random, docs: list[dict], wanted: int) -> list[list[str]]:
        turns: list[list[str]] = []
        while len(turns) < wanted:
            source = docs[rng.randrange(len(docs))]["turns"]
            take = min(wanted - len(turns), len(source))
            start = rng.randrange(len(source) - take + 1)
            turns.extend(source[start : start + take])
        for position in range(len(turns)):
            if rng.random() < RECOMBINE:
                other = docs[rng.randrange(len(docs))]["turns"]
                turns[position] = other[rng.randrange(len(other))]
        return turns


def _skewed(rng: random.Random, count: int) -> int:
    """An index in range(count), low ones far more often: a few people speak a lot."""
    return min(count - 1, int(count * rng.random() ** 3))


def write_corpus(generator: Generator, folder: Path, start: int, count: int) -> dict:
    """Write documents start..start+count-1 into folder (skipping those already written)."""
    folder.mkdir(parents=True, exist_ok=True)
    turns = 0
    written = 0
    for index in range(start, start + count):
        document = generator.document(index)
        path = folder / document.name
        turns += document.turns
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            tmp.write_text(document.text, encoding="utf-8")
            tmp.replace(path)
            written += 1
    return {"documents": count, "turns": turns, "written": written}
