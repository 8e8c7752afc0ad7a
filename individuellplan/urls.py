from django.urls import path

from individuellplan import views

app_name = "individuellplan"

urlpatterns = [
    path("pasienter/<int:pasient_id>/plan/ny/", views.plan_opprett, name="plan-opprett"),
    path("planer/<int:pk>/", views.plan_detalj, name="plan-detalj"),
    path("planer/<int:pk>/endre/", views.plan_endre, name="plan-endre"),
    path("planer/<int:pk>/ta-i-bruk/", views.plan_aktiver, name="plan-aktiver"),
    path("planer/<int:pk>/avslutt/", views.plan_avslutt, name="plan-avslutt"),
    path("planer/<int:pk>/gjenaapne/", views.plan_gjenaapne, name="plan-gjenaapne"),
    path("planer/<int:pk>/publiser/", views.plan_publiser, name="plan-publiser"),
    path("planer/<int:pk>/evaluering/ny/", views.evaluering_ny, name="evaluering-ny"),
    path("planer/<int:pk>/versjoner/<int:nummer>/", views.versjon_detalj, name="versjon-detalj"),
    path(
        "planer/<int:pk>/versjoner/<int:nummer>/pdf/",
        views.versjon_last_ned,
        name="versjon-last-ned",
    ),
    path("planer/<int:pk>/utskrifter/", views.utskrift_bestill, name="utskrift-bestill"),
    path(
        "planer/<int:pk>/utskrifter/<int:utskrift_id>/",
        views.utskrift_status,
        name="utskrift-status",
    ),
    path(
        "planer/<int:pk>/utskrifter/<int:utskrift_id>/pdf/",
        views.utskrift_last_ned,
        name="utskrift-last-ned",
    ),
    path(
        "planer/<int:pk>/deltakere/<int:objekt_id>/fjern/",
        views.deltaker_fjern,
        name="deltaker-fjern",
    ),
    path(
        "planer/<int:pk>/innspill/<int:innspill_id>/ta-inn/",
        views.innspill_ta_inn,
        name="innspill-ta-inn",
    ),
    path(
        "planer/<int:pk>/innspill/<int:innspill_id>/ikke-ta-inn/",
        views.innspill_ikke_ta_inn,
        name="innspill-ikke-ta-inn",
    ),
    path("planer/<int:pk>/<slug:seksjon>/ny/", views.seksjon_skjema, name="seksjon-ny"),
    path(
        "planer/<int:pk>/<slug:seksjon>/<int:objekt_id>/",
        views.seksjon_skjema,
        name="seksjon-endre",
    ),
]
