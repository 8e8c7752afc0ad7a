from django.urls import path

from ansvarsgruppe import views

app_name = "ansvarsgruppe"

urlpatterns = [
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
    path("medlemmer/<int:pk>/avslutt/", views.gruppemedlem_avslutt, name="gruppemedlem-avslutt"),
    path("ansvarsgrupper/<int:pk>/moter/ny/", views.mote_opprett, name="mote-opprett"),
    path("moter/<int:pk>/", views.mote_detalj, name="mote-detalj"),
    path("moter/<int:pk>/endre/", views.mote_endre, name="mote-endre"),
    path("moter/<int:pk>/avlys/", views.mote_avlys, name="mote-avlys"),
    path("moter/<int:pk>/innkallingsbrev/", views.innkallingsbrev_pdf, name="innkallingsbrev"),
    path("moter/<int:pk>/referat/", views.referat_skjema, name="referat-skjema"),
    path("moter/<int:pk>/referat/godkjenn/", views.referat_godkjenn, name="referat-godkjenn"),
    path(
        "moter/<int:pk>/referat/ny-revisjon/",
        views.referat_ny_revisjon,
        name="referat-ny-revisjon",
    ),
    path("moter/<int:pk>/referat/pdf/", views.referat_pdf, name="referat-pdf"),
    path("moter/<int:pk>/referat/autolagre/", views.referat_autolagre, name="referat-autolagre"),
    path("moter/<int:pk>/referat/oppgaverad/", views.referat_oppgaverad, name="referat-oppgaverad"),
    path("moter/<int:pk>/referat/neste-mote/", views.neste_mote_innkall, name="neste-mote-innkall"),
    path("moter/<int:pk>/svar/", views.motesvar, name="motesvar"),
    path("moter/<int:pk>/kalender.ics", views.mote_ics, name="mote-ics"),
    path("mine-moter/", views.mine_moter, name="mine-moter"),
    path("mine-moter/kalenderlenke/", views.kalenderabonnement, name="kalenderabonnement"),
    path("kalender/<str:token>.ics", views.kalender_feed, name="kalender-feed"),
    path("oppgaver/<int:pk>/utfort/", views.oppgave_utfort, name="oppgave-utfort"),
    path("oppgaver/<int:pk>/gjenaapne/", views.oppgave_gjenaapne, name="oppgave-gjenaapne"),
]
