from django.urls import path

from koordinering import views

app_name = "koordinering"

urlpatterns = [
    path("", views.start, name="start"),
    path("pasienter/sok/", views.pasient_sok, name="pasient-sok"),
    path("pasienter/ny/", views.pasient_opprett, name="pasient-opprett"),
    path("pasienter/<int:pk>/", views.pasient_detalj, name="pasient-detalj"),
    path("pasienter/<int:pk>/endre/", views.pasient_endre, name="pasient-endre"),
    path("pasienter/<int:pk>/parorende/ny/", views.parorende_opprett, name="parorende-opprett"),
    path(
        "pasienter/<int:pk>/tilknytninger/ny/",
        views.tilknytning_opprett,
        name="tilknytning-opprett",
    ),
    path("pasienter/<int:pk>/samtykker/ny/", views.samtykke_opprett, name="samtykke-opprett"),
    path("pasienter/<int:pk>/behov/ny/", views.behovsmelding_opprett, name="behov-opprett"),
    path("parorende/<int:pk>/endre/", views.parorende_endre, name="parorende-endre"),
    path("samtykker/<int:pk>/trekk/", views.samtykke_trekk, name="samtykke-trekk"),
    path("tilknytninger/<int:pk>/avslutt/", views.tilknytning_avslutt, name="tilknytning-avslutt"),
    path("oppnevninger/<int:pk>/avslutt/", views.oppnevning_avslutt, name="oppnevning-avslutt"),
    path("oppnevninger/<int:pk>/bytt/", views.oppnevning_bytt, name="oppnevning-bytt"),
    path("behov/", views.behov_liste, name="behov-liste"),
    path("behov/<int:pk>/", views.behov_detalj, name="behov-detalj"),
    path("behov/<int:pk>/oppnevn/", views.behov_oppnevn, name="behov-oppnevn"),
    path("behov/<int:pk>/avslaa/", views.behov_avslaa, name="behov-avslaa"),
    path(
        "pasienter/<int:pk>/ansvarsgruppe/ny/",
        views.ansvarsgruppe_opprett,
        name="ansvarsgruppe-opprett",
    ),
    path(
        "pasienter/<int:pk>/mote-med-kommunen/", views.mote_med_kommunen, name="mote-med-kommunen"
    ),
    path("ansvarsgrupper/<int:pk>/", views.ansvarsgruppe_detalj, name="ansvarsgruppe-detalj"),
    path(
        "ansvarsgrupper/<int:pk>/medlemmer/ny/",
        views.gruppemedlem_opprett,
        name="gruppemedlem-opprett",
    ),
    path("medlemmer/<int:pk>/endre/", views.gruppemedlem_endre, name="gruppemedlem-endre"),
    path("ansvarsgrupper/<int:pk>/moter/ny/", views.mote_opprett, name="mote-opprett"),
    path("moter/<int:pk>/", views.mote_detalj, name="mote-detalj"),
    path("moter/<int:pk>/endre/", views.mote_endre, name="mote-endre"),
    path("moter/<int:pk>/avlys/", views.mote_avlys, name="mote-avlys"),
    path("moter/<int:pk>/referat/", views.referat_skjema, name="referat-skjema"),
    path("moter/<int:pk>/referat/godkjenn/", views.referat_godkjenn, name="referat-godkjenn"),
    path(
        "moter/<int:pk>/referat/ny-revisjon/",
        views.referat_ny_revisjon,
        name="referat-ny-revisjon",
    ),
    path("moter/<int:pk>/referat/pdf/", views.referat_pdf, name="referat-pdf"),
    path("oppgaver/<int:pk>/utfort/", views.oppgave_utfort, name="oppgave-utfort"),
    path("tilgangslogg/", views.tilgangslogg_ansatte, name="tilgangslogg-ansatte"),
    path("tilgangslogg/<int:pk>/", views.tilgangslogg_ansatt, name="tilgangslogg-ansatt"),
]
