"""Synthetic people: fødselsnumre (month + 80, never a real person's) in a fixed order, names,
streets and languages, and the per-patient random generator."""

import random
from datetime import date, timedelta

from felles.fodselsnummer import lag_identitetsnummer

# Birth dates 1930–2024 in a fixed scrambled order (the step is prime to the number of days), so
# consecutive patients are of all ages. Individual numbers 000–099 (1900s) and 600–699 (2000s)
# stay clear of the handful of demo patients in `demo.oppsett`.
FODT_FRA, FODT_TIL = date(1930, 1, 1), date(2024, 12, 31)
DAGER = (FODT_TIL - FODT_FRA).days + 1
STEG = 7919

# fmt: off
KVINNER = ["Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg",
           "Hilde", "Anna", "Solveig", "Marianne", "Randi", "Ida", "Nina", "Maria", "Elisabeth",
           "Kristin", "Bente", "Heidi", "Silje", "Hanne", "Gerd", "Linda", "Tone", "Emma", "Nora",
           "Sara", "Sofie", "Ingeborg", "Thea", "Maja", "Aisha", "Fatima", "Agnieszka", "Leah"]
MENN = ["Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Hans", "Geir",
        "Thomas", "Tor", "Morten", "Terje", "Odd", "Erik", "Martin", "Andreas", "John", "Anders",
        "Rune", "Trond", "Harald", "Olav", "Jon", "Kristian", "Stian", "Jakob", "Emil", "Noah",
        "Filip", "Lukas", "Henrik", "Ali", "Mohammed", "Piotr", "Tesfay"]
ETTERNAVN = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
             "Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg",
             "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen",
             "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen",
             "Iversen", "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen",
             "Bakken", "Kristoffersen", "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen",
             "Ali", "Lunde", "Solheim", "Berge", "Moe", "Nygård", "Bakke", "Kristensen",
             "Fredriksen",
             "Holm", "Lien", "Hauge", "Christensen", "Andresen", "Nielsen", "Knudsen", "Evensen",
             "Sæther", "Aas", "Myhre", "Hanssen", "Ahmed", "Haugland", "Thomassen", "Sivertsen",
             "Simonsen", "Danielsen", "Berntsen", "Sandvik", "Rønning", "Arnesen", "Antonsen"]
GATER = ["Storgata", "Kirkeveien", "Fjordveien", "Skolegata", "Strandvegen", "Bakkeveien",
         "Solbergveien", "Elvegata", "Nedre Lia", "Øvre Bakken", "Havnegata", "Furuveien"]
SPRAAK = ["samisk", "polsk", "arabisk", "somali", "tigrinja", "litauisk", "ukrainsk"]
# fmt: on


def fodselsnumre(antall: int) -> list[tuple[str, date]]:
    """Numbers and birth dates of patients 0 .. antall-1: the same prefix whatever `antall`."""
    numre = []
    for runde in range(100):
        for j in range(DAGER):
            if len(numre) == antall:
                return numre
            fodt = FODT_FRA + timedelta(days=j * STEG % DAGER)
            individ = runde if fodt.year < 2000 else 600 + runde
            if nummer := lag_identitetsnummer(fodt, individ, syntetisk=True):
                numre.append((nummer, fodt))
    raise ValueError("For mange pasienter: over 2,8 millioner.")


def rng(seed: int, i: int) -> random.Random:
    """Patient i's own generator: its story does not depend on which run creates it."""
    return random.Random(seed * 10_000_019 + i)  # noqa: S311 -- synthetic data, not secrets
