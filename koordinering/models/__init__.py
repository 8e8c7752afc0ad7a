"""koordinering's models, one module per subject; import them from here."""

from koordinering.kodeverk import Behov, PlanDel, Rolle
from koordinering.models.medvirkende import Medvirkende, medvirkende_begrensninger
from koordinering.models.oppnevning import (
    UTFALL_FOR_BEHOV,
    Behovsmelding,
    Oppnevning,
    OppnevningQuerySet,
)
from koordinering.models.organisasjon import Ansatt, Enhet, Medlemskap, Organisasjon
from koordinering.models.pasient import Parorende, Pasient
from koordinering.models.tilgang import (
    AktivPeriodeQuerySet,
    EksternDeling,
    Innsynshenvendelse,
    PasientGroupObjectPermission,
    PasientUserObjectPermission,
    Samtykke,
    SamtykkeQuerySet,
    Sperring,
    Tilknytning,
)

__all__ = [
    "AktivPeriodeQuerySet",
    "Ansatt",
    "Behov",
    "UTFALL_FOR_BEHOV",
    "Behovsmelding",
    "EksternDeling",
    "Enhet",
    "Medlemskap",
    "Medvirkende",
    "Oppnevning",
    "OppnevningQuerySet",
    "Organisasjon",
    "Parorende",
    "Pasient",
    "PasientGroupObjectPermission",
    "PasientUserObjectPermission",
    "PlanDel",
    "Rolle",
    "Samtykke",
    "SamtykkeQuerySet",
    "Innsynshenvendelse",
    "Sperring",
    "Tilknytning",
    "medvirkende_begrensninger",
]
