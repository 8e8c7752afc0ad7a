from django.urls import path

from oversikt import views, views_kontroll

app_name = "oversikt"

urlpatterns = [
    path("oversikt/", views.oversikt, name="oversikt"),
    path("oversikt/pasienter/", views.pasienter, name="pasienter"),
    path("oversikt/eksport/", views.eksport, name="eksport"),
    path("oversikt/utskrifter/", views.utskrift_bestill, name="utskrift-bestill"),
    path("oversikt/utskrifter/<int:pk>/", views.utskrift_status, name="utskrift-status"),
    path("oversikt/utskrifter/<int:pk>/pdf/", views.utskrift_last_ned, name="utskrift-last-ned"),
    path("oversikt/kontroll/", views_kontroll.kontroll, name="kontroll"),
    path(
        "oversikt/kontroll/gjennomgatt/",
        views_kontroll.kontroll_gjennomga,
        name="kontroll-gjennomga",
    ),
]
