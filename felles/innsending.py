"""Idempotent create and publish forms: each form carries a submission token (a UUID in a
hidden field, `InnsendingSkjema`); the service creates its row through `en_gang`, which
records the token with what it created. The same token again returns the first result, so a
double submit (or a retry after a lost answer) creates one row."""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from felles.models import Innsending

T = TypeVar("T", bound=Model)


def en_gang(innsending_id: uuid.UUID | None, *, actor: AbstractBaseUser, lag: Callable[[], T]) -> T:
    """`lag()` once per token; without a token, every call creates."""
    if innsending_id is None:
        return lag()
    with transaction.atomic():
        try:
            with transaction.atomic():
                rad = Innsending.objects.create(token=innsending_id, bruker=actor)
        except IntegrityError:
            # Sent before (a concurrent first submit waits on the unique index until it commits).
            rad = Innsending.objects.get(token=innsending_id)
            if rad.bruker_id != actor.pk or rad.objekt_type is None:
                raise ValidationError(
                    _("Skjemaet kan ikke sendes igjen. Last siden på nytt og prøv igjen.")
                ) from None
            return rad.objekt_type.get_object_for_this_type(pk=rad.objekt_id)
        objekt = lag()
        rad.objekt_type = ContentType.objects.get_for_model(objekt)
        rad.objekt_id = objekt.pk
        rad.save(update_fields=["objekt_type", "objekt_id"])
        return objekt


def sendt_foer(
    innsending_id: uuid.UUID | None, *, actor: AbstractBaseUser, modell: type[T]
) -> tuple[bool, T | None]:
    """Whether this user sent the token before, and the `modell` row it created (None when that
    row has since been deleted). For forms saved again and again (a draft saved as you go): a
    row created by an earlier save is found by its token and changed, not created twice."""
    if innsending_id is None:
        return False, None
    rad = Innsending.objects.filter(token=innsending_id, bruker=actor).first()
    if rad is None:
        return False, None
    if rad.objekt_type_id != ContentType.objects.get_for_model(modell).pk:
        return True, None
    return True, modell._default_manager.filter(pk=rad.objekt_id).first()


class InnsendingSkjema:
    """Form mixin: a hidden submission token, fresh each time the form is shown. Optional, so a
    client without it still works (then nothing guards against a double submit)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innsending_id"] = forms.UUIDField(widget=forms.HiddenInput, required=False)
        if not self.is_bound:
            self.initial.setdefault("innsending_id", uuid.uuid4())


def innsending_fra(request) -> uuid.UUID | None:
    """The token of a plain button form (`<input type=hidden name=innsending_id>`)."""
    try:
        return uuid.UUID(request.POST.get("innsending_id", ""))
    except ValueError:
        return None
