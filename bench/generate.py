"""A deterministic corpus of any size, recombined from the turns of real documents.

Each generated interview takes a run of real turns from one real document of a language,
swaps some for turns of other documents in that language, and gives them new speakers
(people drawn with a skew, so that some speak often), a new date, outlet and topics. The
output is the simplest well-supported document format: `Key: value` header lines, a blank
line, then `Name: text` turns separated by blank lines.

The same pool, seed and index always give the same bytes. Pure Python: no database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

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
DAYS = (dt.date(2025, 12, 31) - FIRST_DAY).days
RECOMBINE = 0.3  # share of turns taken from another document of the same language
PANEL = 0.15  # share of interviews with two interviewees


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
    ):
        if not pool:
            raise ValueError("the pool of real turns is empty")
        self.seed = seed
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

    def document(self, index: int) -> Document:
        rng = random.Random(f"{self.seed}:{index}")
        language = rng.choices(self.languages, self.weights)[0]
        docs = self.by_language[language]
        wanted = rng.randint(self.turns_min, self.turns_max)
        turns = self._turns(rng, docs, wanted)

        people = self.people[language]
        guest = people[_skewed(rng, len(people))]
        guests = [guest]
        if rng.random() < PANEL:
            other = people[_skewed(rng, len(people))]
            if other != guest:
                guests.append(other)
        journalists = self.journalists[language]
        host = journalists[rng.randrange(len(journalists))]
        topics = rng.sample(TOPICS[language], rng.randint(1, 2))
        outlet = rng.choice(OUTLETS[language])
        date = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS + 1))
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
        for kind, text in turns:
            speaker = host if kind == "question" else rng.choice(guests)
            paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
            lines.append(f"{speaker}: {paragraphs[0]}")
            lines.append("")
            for paragraph in paragraphs[1:]:
                lines.append(paragraph)
                lines.append("")
        name = f"{language}-{index + 1:07d}.txt"
        return Document(name, "\n".join(lines), language, len(turns))

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
