from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from koordinering.models import Ansatt, Enhet, Medlemskap, Organisasjon


class EnhetInline(admin.TabularInline):
    model = Enhet
    fields = ["navn", "type", "overordnet", "epost"]
    extra = 0
    show_change_link = True


@admin.register(Organisasjon)
class OrganisasjonAdmin(SimpleHistoryAdmin):
    list_display = ["navn", "type", "organisasjonsnummer", "kommunenummer"]
    list_filter = ["type"]
    search_fields = ["navn", "organisasjonsnummer"]
    inlines = [EnhetInline]


@admin.register(Enhet)
class EnhetAdmin(SimpleHistoryAdmin):
    list_display = ["navn", "type", "organisasjon", "overordnet"]
    list_filter = ["type", "organisasjon"]
    search_fields = ["navn"]
    list_select_related = ["organisasjon", "overordnet"]
    autocomplete_fields = ["overordnet"]


class MedlemskapInline(admin.TabularInline):
    model = Medlemskap
    extra = 0
    autocomplete_fields = ["enhet"]


@admin.register(Ansatt)
class AnsattAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "organisasjon",
        "yrke",
        "helsepersonell",
        "koordinatoropplaering_fullfort",
    ]
    list_filter = ["organisasjon", "yrke", "helsepersonell"]
    search_fields = ["bruker__username", "bruker__first_name", "bruker__last_name", "hpr_nummer"]
    list_select_related = ["bruker", "organisasjon"]
    autocomplete_fields = ["bruker"]
    inlines = [MedlemskapInline]
