from django.urls import path

from koordinering import views

app_name = "koordinering"

urlpatterns = [
    path("", views.start, name="start"),
]
