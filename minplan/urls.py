from django.urls import path

from minplan import views, views_meldinger

app_name = "minplan"

urlpatterns = [
    path("", views.start, name="start"),
    path("logg-inn/", views.logg_inn, name="logg-inn"),
    path("logg-inn/idporten/", views.oidc_start, name="oidc-start"),
    path("logg-inn/idporten/tilbake/", views.oidc_tilbake, name="oidc-tilbake"),
    path("logg-ut/", views.logg_ut, name="logg-ut"),
    path("sprak/", views.sprak, name="sprak"),
    path("velg/", views.velg, name="velg"),
    path("plan/", views.plan, name="plan"),
    path("plan/pdf/", views.plan_pdf, name="plan-pdf"),
    path("plan/versjoner/", views.versjoner, name="versjoner"),
    path("plan/versjoner/<int:nummer>/", views.versjon, name="versjon"),
    path("plan/versjoner/<int:nummer>/pdf/", views.versjon_pdf, name="versjon-pdf"),
    path("innspill/", views.innspill, name="innspill"),
    path(
        "innspill/kommentar/<slug:gjelder>/<int:objekt_id>/",
        views.innspill_kommentar,
        name="innspill-kommentar",
    ),
    path("innspill/<int:pk>/endre/", views.innspill_endre, name="innspill-endre"),
    path("innspill/<int:pk>/trekk/", views.innspill_trekk, name="innspill-trekk"),
    path("innsyn/", views.innsyn, name="innsyn"),
    path("kontakter/", views.kontakter, name="kontakter"),
    path("moter/", views.moter, name="moter"),
    path("moter/<int:pk>/", views.mote, name="mote"),
    path("moter/<int:pk>/kalender.ics", views.mote_ics, name="mote-ics"),
    path("moter/<int:pk>/referat/", views.referat, name="referat"),
    path("moter/<int:pk>/referat/pdf/", views.referat_pdf, name="referat-pdf"),
    path("samtykke/", views.samtykker, name="samtykke"),
    path("samtykke/ny/", views.samtykke_ny, name="samtykke-ny"),
    path("samtykke/<int:pk>/trekk/", views.samtykke_trekk, name="samtykke-trekk"),
    path("innsyn/<int:rad>/henvendelse/", views.innsyn_henvendelse, name="innsyn-henvendelse"),
    path("meldinger/", views_meldinger.meldinger, name="meldinger"),
    path("meldinger/ny/", views_meldinger.melding_ny, name="melding-ny"),
    path("meldinger/<int:pk>/", views_meldinger.melding_traad, name="melding-traad"),
    path("varsler/", views_meldinger.varsler, name="varsler"),
]
