from django.urls import path

from minplan import views

app_name = "minplan"

urlpatterns = [
    path("", views.start, name="start"),
    path("logg-inn/", views.logg_inn, name="logg-inn"),
    path("logg-inn/idporten/", views.oidc_start, name="oidc-start"),
    path("logg-inn/idporten/tilbake/", views.oidc_tilbake, name="oidc-tilbake"),
    path("logg-ut/", views.logg_ut, name="logg-ut"),
    path("velg/", views.velg, name="velg"),
    path("plan/", views.plan, name="plan"),
    path("plan/pdf/", views.plan_pdf, name="plan-pdf"),
    path("innsyn/", views.innsyn, name="innsyn"),
    path("innsyn/<int:rad>/henvendelse/", views.innsyn_henvendelse, name="innsyn-henvendelse"),
]
