"""A person's e-mail choices for reminders."""

from django import forms
from django.utils.translation import gettext_lazy as _

from varsler.models import Paminnelsestype


class VarslingsvalgForm(forms.Form):
    epost_for = forms.MultipleChoiceField(
        label=_("Send meg e-post for disse påminnelsene"),
        choices=Paminnelsestype.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Påminnelsene vises alltid i varslene her. E-posten sier aldri hvem det gjelder."
        ),
    )
