from django.urls import path

from koordinering import (
    pasientside,
    startside,
    views,
    views_behov,
    views_oppnevning,
    views_tilgang,
)

app_name = "koordinering"

urlpatterns = [
    path("", startside.start, name="start"),
    path("profil/", views.min_profil, name="profil"),
    path("pasienter/sok/", views.pasient_sok, name="pasient-sok"),
    path("pasienter/ny/", views.pasient_opprett, name="pasient-opprett"),
    path("pasienter/be-om-tilgang/", views.tilgang_be_om, name="tilgang-be-om"),
    path("pasienter/<int:pk>/", pasientside.pasient_detalj, name="pasient-detalj"),
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
    path("parorende/<int:pk>/fjern/", views.parorende_fjern, name="parorende-fjern"),
    path("samtykker/<int:pk>/trekk/", views.samtykke_trekk, name="samtykke-trekk"),
    path("tilknytninger/<int:pk>/avslutt/", views.tilknytning_avslutt, name="tilknytning-avslutt"),
    path("oppnevninger/<int:pk>/", views_oppnevning.oppnevning_detalj, name="oppnevning-detalj"),
    path("oppnevninger/<int:pk>/brev/", views_oppnevning.oppnevning_brev, name="oppnevning-brev"),
    path(
        "oppnevninger/<int:pk>/aksepter-mandat/",
        views_oppnevning.oppnevning_mandat_aksepter,
        name="oppnevning-mandat-aksepter",
    ),
    path("oppnevninger/<int:pk>/avslutt/", views.oppnevning_avslutt, name="oppnevning-avslutt"),
    path("oppnevninger/<int:pk>/bytt/", views.oppnevning_bytt, name="oppnevning-bytt"),
    path("behov/", views_behov.behov_liste, name="behov-liste"),
    path("behov/<int:pk>/", views_behov.behov_detalj, name="behov-detalj"),
    path("behov/<int:pk>/oppnevn/", views_behov.behov_oppnevn, name="behov-oppnevn"),
    path("behov/<int:pk>/avslaa/", views_behov.behov_avslaa, name="behov-avslaa"),
    path("behov/<int:pk>/beslutt/", views_behov.behov_beslutt, name="behov-beslutt"),
    path("pasienter/<int:pk>/tilgang/", views_tilgang.pasient_tilgang, name="pasient-tilgang"),
    path("pasienter/<int:pk>/innsyn.pdf", views_tilgang.innsyn_pdf, name="innsyn-pdf"),
    path("pasienter/<int:pk>/innsyn.csv", views_tilgang.innsyn_csv, name="innsyn-csv"),
    path("sperringer/<int:pk>/opphev/", views_tilgang.sperring_opphev_view, name="sperring-opphev"),
    path("tilgangslogg/", views.tilgangslogg_ansatte, name="tilgangslogg-ansatte"),
    path("tilgangslogg/<int:pk>/", views.tilgangslogg_ansatt, name="tilgangslogg-ansatt"),
]
