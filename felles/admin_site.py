"""The Django admin is for system administrators (superusers) only, never for case work."""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _


class SystemAdminSite(AdminSite):
    site_header = _("Koordinering – systemadministrasjon")
    site_title = _("Koordinering – systemadministrasjon")
    index_title = _("Systemadministrasjon")

    def has_permission(self, request) -> bool:
        # With KREV_OTP (production) the session must have passed a TOTP code (django-otp).
        otp = not settings.KREV_OTP or request.user.is_verified()
        return request.user.is_active and request.user.is_superuser and otp

    @method_decorator(login_not_required)
    def login(self, request, extra_context=None):
        from felles.innlogging import AdminPassordOgKodeskjema, AdminPassordskjema

        self.login_form = AdminPassordOgKodeskjema if settings.KREV_OTP else AdminPassordskjema
        return super().login(request, extra_context)


class SystemAdminConfig(AdminConfig):
    default_site = "felles.admin_site.SystemAdminSite"
