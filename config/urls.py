from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from felles import okt
from felles import views as felles_views
from felles.innlogging import Innlogging
from koordinering import innlogging as oidc_innlogging

urlpatterns = [
    path("logg-inn/", Innlogging.as_view(), name="login"),
    path(
        "logg-inn/<slug:leverandor>/",
        login_not_required(oidc_innlogging.start),
        name="oidc-start",
    ),
    path(
        "logg-inn/<slug:leverandor>/tilbake/",
        login_not_required(oidc_innlogging.tilbake),
        name="oidc-tilbake",
    ),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("okt/fortsett/", okt.fortsett, name="okt-fortsett"),
    path("helse/", felles_views.helse, name="helse"),
    path(
        "tilgjengelighet/",
        felles_views.tilgjengelighetserklaering,
        name="tilgjengelighet",
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("min/", include("minplan.urls")),
    path("", include("minplan.urls_ansatt")),
    path("", include("individuellplan.urls")),
    path("", include("meldinger.urls")),
    path("", include("ansvarsgruppe.urls")),
    path("", include("varsler.urls")),
    path("", include("oversikt.urls")),
    path("", include("koordinering.urls")),
]

handler500 = "felles.views.serverfeil"
