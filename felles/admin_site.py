"""The Django admin is for system administrators (superusers) only, never for case work."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class SystemAdminSite(AdminSite):
    site_header = _("Koordinering – systemadministrasjon")
    site_title = _("Koordinering – systemadministrasjon")
    index_title = _("Systemadministrasjon")

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser


class SystemAdminConfig(AdminConfig):
    default_site = "felles.admin_site.SystemAdminSite"
