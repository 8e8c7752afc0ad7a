"""The plan's content as plain data: what a published version freezes, what the PDF prints and
what "changes since version N" compares. One function builds it, so the three never disagree."""

from koordinering.models import Oppnevning, PlanDel, Rolle


def _dato(d) -> str | None:
    return d.isoformat() if d else None


def _kommentarer(plan) -> dict[tuple[str, int], list[dict]]:
    """The citizen's comments the koordinator has taken into the plan, by what they are about,
    oldest first. The key is only in the content where there are some, so versions published
    before Min plan compare equal."""
    kommentarer: dict[tuple[str, int], list[dict]] = {}
    for k in plan.innspill.filter(art="kommentar", status="tatt_inn").order_by("behandlet", "pk"):
        objekt_id = k.maal_id or k.tiltak_id or k.evaluering_id
        if objekt_id is None:
            continue
        kommentarer.setdefault((k.gjelder, objekt_id), []).append(
            {
                "tekst": k.tekst,
                "av": f"{k.skrevet_av_navn} ({k.get_skrevet_av_rolle_display().lower()})",
                "dato": _dato(k.skrevet.date()),
            }
        )
    return kommentarer


def _med(rad: dict, kommentarer: dict, gjelder: str) -> dict:
    liste = kommentarer.get((gjelder, rad["id"]))
    return {**rad, "kommentarer": liste} if liste else rad


def plan_innhold(plan) -> dict:
    """Everything printable in the plan, in a fixed number of queries."""
    kommentarer = _kommentarer(plan)
    koordinator = (
        Oppnevning.objects.aktive()
        .filter(pasient_id=plan.pasient_id, organisasjon_id=plan.eier_id, rolle=Rolle.KOORDINATOR)
        .select_related("ansatt__bruker", "enhet")
        .first()
    )
    maal = list(plan.maal.all())
    deltakere = list(
        plan.deltakere.select_related("ansatt__bruker", "ansatt__organisasjon", "parorende")
    )
    return {
        "pasient": {"navn": plan.pasient.navn, "fodselsdato": _dato(plan.pasient.fodselsdato)},
        "eier": str(plan.eier),
        "eier_enhet": str(plan.eier_enhet),
        "status": str(plan.get_status_display()),
        "periode_fra": _dato(plan.periode_fra),
        "periode_til": _dato(plan.periode_til),
        "neste_evaluering": _dato(plan.neste_evaluering),
        "revisjon": _dato(plan.revisjon),
        "koordinator": (
            {
                "navn": str(koordinator.ansatt),
                "enhet": str(koordinator.enhet),
                "telefon": "",
                "epost": koordinator.ansatt.bruker.email,
            }
            if koordinator
            else None
        ),
        PlanDel.MAAL: {
            "ressurser": plan.ressurser,
            "behov": plan.behov,
            "maal": [
                _med(
                    {
                        "id": m.pk,
                        "hovedmaal": m.hovedmaal_id,
                        "tekst": m.tekst,
                        "status": str(m.get_status_display()),
                        "maldato": _dato(m.maldato),
                        **({"egne_ord": True} if m.egne_ord else {}),
                    },
                    kommentarer,
                    "maal",
                )
                for m in maal
            ],
        },
        PlanDel.DELTAKERE: [
            {"id": d.pk, "navn": d.visningsnavn, "rolle": d.rolle, "bidrag": d.bidrag}
            for d in deltakere
        ],
        PlanDel.TILTAK: [
            _med(
                {
                    "id": t.pk,
                    "beskrivelse": t.beskrivelse,
                    "omfang": t.omfang,
                    "ansvarlig": t.ansvarlig_visning,
                    "gjennomforing": t.gjennomforing,
                    "fra": _dato(t.fra),
                    "til": _dato(t.til),
                    "status": str(t.get_status_display()),
                    "maal": sorted(m.pk for m in t.maal.all()),
                },
                kommentarer,
                "tiltak",
            )
            for t in plan.tiltak.select_related(
                "ansvarlig__ansatt__bruker",
                "ansvarlig__ansatt__organisasjon",
                "ansvarlig__parorende",
            ).prefetch_related("maal")
        ],
        PlanDel.EVALUERING: [
            _med(
                {
                    "id": e.pk,
                    "dato": _dato(e.dato),
                    "utfort_av": str(e.utfort_av),
                    "samlet_vurdering": e.samlet_vurdering,
                    "neste_evaluering": _dato(e.neste_evaluering),
                    "vurderinger": [
                        {
                            "maal": v.maal_id,
                            "vurdering": str(v.get_vurdering_display()),
                            "kommentar": v.kommentar,
                        }
                        for v in e.vurderinger.all()
                    ],
                },
                kommentarer,
                "evaluering",
            )
            for e in plan.evalueringer.select_related("utfort_av__bruker").prefetch_related(
                "vurderinger"
            )
        ],
        PlanDel.SAMARBEID: [
            {
                "id": s.pk,
                "etat": str(s.get_etat_display()),
                "kontakt": s.kontakt,
                "beskrivelse": s.beskrivelse,
            }
            for s in plan.samarbeid.all()
        ],
        "samtykker": [
            {
                "gitt_av": str(s.get_gitt_av_display())
                + (f" ({s.gitt_av_navn})" if s.gitt_av_navn else ""),
                "form": str(s.get_form_display()),
                "gyldig_fra": _dato(s.gyldig_fra),
                "gyldig_til": _dato(s.gyldig_til),
                "planprosess": s.gjelder_planprosess,
                "organisasjoner": [str(o) for o in s.organisasjoner.all()],
                "plandeler": [str(d) for d in s.plandeler_visning],
            }
            for s in plan.pasient.samtykker.gyldige().prefetch_related("organisasjoner")
        ],
    }


def filtrert_innhold(innhold: dict, deler) -> dict:
    """Only the parts the reader may see; the head (patient, period, koordinator) stays."""
    return {k: v for k, v in innhold.items() if k not in PlanDel.values or k in deler}


SAMMENLIGN_LISTER = {
    PlanDel.DELTAKERE: "navn",
    PlanDel.TILTAK: "beskrivelse",
    PlanDel.SAMARBEID: "etat",
}
FELTNAVN = {
    "tekst": "mål",
    "status": "status",
    "maldato": "måldato",
    "omfang": "omfang",
    "ansvarlig": "ansvarlig",
    "gjennomforing": "gjennomføring",
    "fra": "fra",
    "til": "til",
    "maal": "mål",
    "rolle": "rolle",
    "bidrag": "bidrag",
    "kontakt": "kontakt",
    "beskrivelse": "beskrivelse",
    "navn": "navn",
    "hovedmaal": "hovedmål",
    "etat": "etat",
    "ressurser": "ressurser",
    "behov": "behov",
    "periode_fra": "planperiode fra",
    "periode_til": "planperiode til",
    "neste_evaluering": "neste evaluering",
    "revisjon": "revisjon",
    "koordinator": "koordinator",
    "egne_ord": "pasientens egne ord",
    "kommentarer": "kommentar fra pasienten",
}


def _sammenlign_liste(gammel: list[dict], ny: list[dict], tittel_felt: str) -> list[str]:
    gamle = {r["id"]: r for r in gammel}
    nye = {r["id"]: r for r in ny}
    endringer = []
    for id_, rad in nye.items():
        if id_ not in gamle:
            endringer.append(f"Lagt til: {rad[tittel_felt]}")
            continue
        felter = [
            FELTNAVN.get(k, k) for k, v in rad.items() if k != "id" and gamle[id_].get(k) != v
        ]
        if felter:
            endringer.append(f"Endret: {rad[tittel_felt]} ({', '.join(felter)})")
    endringer += [f"Fjernet: {r[tittel_felt]}" for i, r in gamle.items() if i not in nye]
    return endringer


def sammenlign(gammel: dict, ny: dict) -> dict[str, list[str]]:
    """What changed from one content snapshot to another, per part of the plan."""
    endringer: dict[str, list[str]] = {}
    hode = [
        f"{FELTNAVN[k]}: {gammel.get(k) or '–'} → {ny.get(k) or '–'}"
        for k in ("periode_fra", "periode_til", "neste_evaluering", "revisjon")
        if gammel.get(k) != ny.get(k)
    ]
    if (gammel.get("koordinator") or {}).get("navn") != (ny.get("koordinator") or {}).get("navn"):
        hode.append("koordinator er byttet")
    if hode:
        endringer["plan"] = hode
    maal_gammel, maal_ny = gammel.get(PlanDel.MAAL), ny.get(PlanDel.MAAL)
    if maal_gammel is not None and maal_ny is not None:
        liste = [
            f"{FELTNAVN[k]} er endret"
            for k in ("ressurser", "behov")
            if maal_gammel[k] != maal_ny[k]
        ]
        liste += _sammenlign_liste(maal_gammel["maal"], maal_ny["maal"], "tekst")
        if liste:
            endringer[PlanDel.MAAL] = liste
    for del_, tittel_felt in SAMMENLIGN_LISTER.items():
        if gammel.get(del_) is not None and ny.get(del_) is not None:
            liste = _sammenlign_liste(gammel[del_], ny[del_], tittel_felt)
            if liste:
                endringer[del_] = liste
    if gammel.get(PlanDel.EVALUERING) is not None and ny.get(PlanDel.EVALUERING) is not None:
        nye = len(ny[PlanDel.EVALUERING]) - len(gammel[PlanDel.EVALUERING])
        if nye > 0:
            endringer[PlanDel.EVALUERING] = [f"{nye} ny(e) evaluering(er)"]
    return endringer
