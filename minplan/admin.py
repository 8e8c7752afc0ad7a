from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from koordinering.models import Ansatt
from minplan.forms import RepresentasjonForm
from minplan.models import Representasjon


@admin.register(Representasjon)
class RepresentasjonAdmin(SimpleHistoryAdmin):
    form = RepresentasjonForm
    list_display = ["navn", "art", "pasient", "gyldig_fra", "gyldig_til"]
    list_filter = ["art"]
    search_fields = ["navn", "pasient__etternavn", "pasient__fornavn"]
    list_select_related = ["pasient"]
    raw_id_fields = ["pasient"]
    readonly_fields = ["registrert", "registrert_av"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.registrert_av = Ansatt.objects.filter(bruker=request.user).first()
        super().save_model(request, obj, form, change)
