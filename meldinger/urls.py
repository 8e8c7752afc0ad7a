from django.urls import path

from meldinger import views

app_name = "meldinger"

urlpatterns = [
    path("meldinger/", views.melding_liste, name="melding-liste"),
    path("pasienter/<int:pk>/meldinger/ny/", views.melding_opprett, name="melding-opprett"),
    path("meldinger/<int:pk>/", views.melding_detalj, name="melding-detalj"),
    path("meldinger/<int:pk>/svar/", views.melding_svar, name="melding-svar"),
    path("meldinger/<int:pk>/videresend/", views.melding_videresend, name="melding-videresend"),
    path("meldinger/<int:pk>/behandlet/", views.melding_behandlet, name="melding-behandlet"),
    path("meldinger/<int:pk>/ta-imot/", views.melding_ta_imot, name="melding-ta-imot"),
    path("meldinger/innbyggere/", views.innbyggertraad_liste, name="innbyggertraad-liste"),
    path(
        "meldinger/innbyggere/<int:pk>/",
        views.innbyggertraad_detalj,
        name="innbyggertraad-detalj",
    ),
    path("vedlegg/<int:pk>/", views.vedlegg_last_ned, name="vedlegg"),
]
