"""Staff URLs for Min plan's mandates (outside /min/, staff login)."""

from django.urls import path

from minplan import views_ansatt

app_name = "representasjon"

urlpatterns = [
    path(
        "pasienter/<int:pk>/representasjoner/",
        views_ansatt.representasjon_liste,
        name="liste",
    ),
    path(
        "representasjoner/<int:pk>/avslutt/",
        views_ansatt.representasjon_avslutt,
        name="avslutt",
    ),
]
