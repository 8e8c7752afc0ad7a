from django.urls import path

from varsler import views

app_name = "varsler"

urlpatterns = [
    path("varsler/", views.varsel_liste, name="varsel-liste"),
    path("varsler/<int:pk>/", views.varsel_aapne, name="varsel-aapne"),
    path("varsler/les-alle/", views.varsler_les_alle, name="varsler-les-alle"),
    path("varsler/innstillinger/", views.varslingsvalg, name="varslingsvalg"),
]
