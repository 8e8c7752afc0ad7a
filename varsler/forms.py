"""A person's e-mail choices for reminders and event notifications."""

from django import forms
from django.utils.translation import gettext_lazy as _

from varsler.models import VARSLINGSTYPER


class VarslingsvalgForm(forms.Form):
    epost_for = forms.MultipleChoiceField(
        label=_("Send meg e-post for disse varslene"),
        choices=VARSLINGSTYPER,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Varslene vises alltid her i løsningen. E-posten sier aldri hvem eller hva det gjelder."
        ),
    )
