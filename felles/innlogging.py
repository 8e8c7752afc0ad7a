"""Password login (for `make run` and break-glass administrators), the lockout page of
django-axes and the login log. HelseID: koordinering.innlogging, docs/adr/0012-innlogging.md."""

import logging

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.forms import OTPAuthenticationFormMixin

logger = logging.getLogger("felles.innlogging")

PASSORD_BARE_ADMIN = _(
    "Ansatte logger inn med HelseID. Innlogging med passord er bare for systemadministrator."
)


class Passordskjema(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "bare_admin": PASSORD_BARE_ADMIN,
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not settings.PASSORD_INNLOGGING_ANSATTE and not user.is_superuser:
            raise forms.ValidationError(self.error_messages["bare_admin"], code="bare_admin")


class PassordOgKodeskjema(OTPAuthenticationFormMixin, Passordskjema):
    """Password plus a TOTP code from the user's authenticator app (django-otp)."""

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Skriv inn engangskoden fra autentiseringsappen."),
        "invalid_token": _("Engangskoden er feil eller utløpt. Prøv igjen."),
        "n_failed_attempts": _("For mange feil engangskoder. Vent litt og prøv igjen."),
        "verification_not_allowed": _("Engangskoden kan ikke brukes nå."),
    }
    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        required=False,
        label=_("Engangskode"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def _chosen_device(self, user):
        # One authenticator app per administrator: no device list on the form.
        valgt = super()._chosen_device(user)
        return valgt or next(iter(devices_for_user(user, confirmed=True)), None)

    def clean(self):
        self.cleaned_data = super().clean()
        self.clean_otp(self.get_user())
        return self.cleaned_data


class AdminPassordskjema(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _("Feil brukernavn eller passord, eller brukeren er ikke administrator."),
    }


class AdminPassordOgKodeskjema(PassordOgKodeskjema, AdminPassordskjema):
    """The admin login in production: password and TOTP code, staff accounts only."""


def passordskjema() -> type[AuthenticationForm]:
    return PassordOgKodeskjema if settings.KREV_OTP else Passordskjema


class Innlogging(auth_views.LoginView):
    """The login page: HelseID button(s) and the password form."""

    redirect_authenticated_user = True

    def get_form_class(self):
        return passordskjema()

    def get_context_data(self, **kwargs):
        from felles.oidc import konfigurerte_leverandorer

        return super().get_context_data(
            **kwargs,
            leverandorer=konfigurerte_leverandorer(),
            krev_otp=settings.KREV_OTP,
            utlogget=self.request.GET.get("utlogget", ""),
        )


def sperret(request, credentials=None, *args, **kwargs):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): a Norwegian page, 429."""
    return render(request, "registration/sperret.html", status=429)


def _adresse(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


@receiver(user_logged_in)
def _logg_innlogging(sender, request, user, **kwargs):
    metode = (request.session.get("innlogging") or {}).get("metode", "passord") if request else ""
    logger.info("Innlogging: bruker=%s metode=%s adresse=%s", user.pk, metode, _adresse(request))


@receiver(user_login_failed)
def _logg_feilet_innlogging(sender, credentials, request=None, **kwargs):
    # The credentials are cleansed by Django; only the (masked) username is logged, no password.
    logger.warning(
        "Innlogging feilet: brukernavn=%s adresse=%s",
        credentials.get("username", ""),
        _adresse(request),
    )


@receiver(user_logged_out)
def _logg_utlogging(sender, request, user, **kwargs):
    if user is not None:
        logger.info("Utlogging: bruker=%s", user.pk)
