"""Forms rendered with Designsystemet: labels, descriptions, an error summary and error messages
tied to their fields with aria-describedby / aria-invalid."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class Skjemarenderer(TemplatesSetting):
    form_template_name = "forms/skjema.html"
    field_template_name = "forms/felt.html"


class DatoInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class RaskSelect(forms.Select):
    """A single <select> whose options are joined in Python, not rendered one template each:
    the same HTML as `forms.Select` (no option groups), for lists of a few hundred options,
    where Django's per-option template was most of a page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        valgt = (self.format_value(value) or [""])[0]
        funnet = False
        rader = []
        for verdi, tekst in self.choices:
            verdi = "" if verdi is None else str(verdi)
            er_valgt = not funnet and verdi == valgt
            funnet = funnet or er_valgt
            rader.append((verdi, mark_safe(" selected") if er_valgt else "", tekst))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(attrs),
            format_html_join("", '<option value="{}"{}>{}</option>', rader),
        )


def tilpass_widgets(felter) -> None:
    """The design system's class and native date pickers for these fields (a form that adds
    fields in its `__init__` calls it again for them)."""
    for felt in felter.values():
        widget = felt.widget
        if isinstance(widget, forms.DateInput) and not isinstance(widget, DatoInput):
            felt.widget = widget = DatoInput(attrs=widget.attrs)
        if isinstance(widget, forms.RadioSelect) and felt.required:
            # A required radio group has no "---------" option: nothing is checked instead.
            if isinstance(felt, forms.ModelChoiceField):
                felt.empty_label = None
            else:
                felt.choices = [(v, n) for v, n in felt.choices if v not in ("", None)]
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        widget.attrs.setdefault("class", "ds-input")


class DesignsystemSkjema:
    """Mixin: gives every widget the design system's class and native date pickers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tilpass_widgets(self.fields)


def feil_til_skjema(form: forms.BaseForm, feil: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when it names one."""
    if hasattr(feil, "error_dict"):
        for felt, liste in feil.error_dict.items():
            form.add_error(felt if felt in form.fields else None, liste)
    else:
        form.add_error(None, feil)
