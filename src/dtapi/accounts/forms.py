"""Forms of the ``/accounts/apikey/`` pages."""

from __future__ import annotations

from django import forms

from dtapi.person.models import PersonalApiKey

EMPTY_CHOICE = ("", "----------")


class ApiKeyCreateForm(forms.Form):
    endpoint = forms.ChoiceField(label="Endpoint")

    def __init__(self, *args, endpoints: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["endpoint"].choices = [EMPTY_CHOICE, *endpoints]


class ApiKeyDisableForm(forms.Form):
    """Names the key by its id: the key string itself never goes into a URL or a form."""

    id = forms.TypedChoiceField(label="Key", coerce=int)

    def __init__(self, *args, keys: list[PersonalApiKey], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id"].choices = [
            (str(key.pk), f"{key.endpoint} (created {key.created:%Y-%m-%d %H:%M})") for key in keys
        ]
