from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from felles import views as felles_views

urlpatterns = [
    path("logg-inn/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("helse/", felles_views.helse, name="helse"),
    path("admin/", admin.site.urls),
    path("", include("individuellplan.urls")),
    path("", include("meldinger.urls")),
    path("", include("ansvarsgruppe.urls")),
    path("", include("varsler.urls")),
    path("", include("oversikt.urls")),
    path("", include("koordinering.urls")),
]
