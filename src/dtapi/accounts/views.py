"""The ``/accounts/`` pages: login, logout and personal API key management."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from dtapi.accounts import apikeys, errors
from dtapi.accounts.conf import accounts_settings
from dtapi.accounts.forms import ApiKeyCreateForm, ApiKeyDisableForm

login = auth_views.LoginView.as_view(template_name="accounts/login.html")


@require_http_methods(["GET", "HEAD", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """GET asks for confirmation; POST (with the CSRF token) signs out."""
    if request.method == "POST":
        auth_logout(request)
        return render(request, "accounts/logged_out.html")
    return render(request, "accounts/logout.html")


def person_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log in first, and have a person record (API keys belong to persons)."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person = getattr(request.user, "person", None)
        if person is None:
            return render(request, "accounts/missing_person.html", status=403)
        return view(request, person, *args, **kwargs)

    return wrapper


@never_cache  # key strings: never kept by a browser or a proxy (Cache-Control: no-store)
@require_http_methods(["GET", "HEAD"])
@person_required
def apikey_index(request: HttpRequest, person: Any) -> HttpResponse:
    keys = [(key, apikeys.key_string(key)) for key in person.apikeys.order_by("-created", "-id")]
    return render(
        request,
        "accounts/apikey_index.html",
        {"keys": keys, "login_limit_days": accounts_settings.APIKEY_LOGIN_LIMIT_DAYS},
    )


@never_cache  # key strings: never kept by a browser or a proxy (Cache-Control: no-store)
@require_http_methods(["GET", "HEAD", "POST"])
@person_required
def apikey_create(request: HttpRequest, person: Any) -> HttpResponse:
    endpoints = apikeys.endpoints_for(request.user)
    form = ApiKeyCreateForm(request.POST or None, endpoints=endpoints)
    if request.method == "POST" and form.is_valid():
        apikeys.create_key(person, form.cleaned_data["endpoint"])
        return redirect("accounts:apikey-index")
    return render(
        request,
        "accounts/apikey_form.html",
        {
            "title": "Create a new personal API key",
            "form": form,
            "button": "Create key",
            "notice": None if endpoints else errors.NO_ENDPOINTS,
        },
    )


@never_cache  # key strings: never kept by a browser or a proxy (Cache-Control: no-store)
@require_http_methods(["GET", "HEAD", "POST"])
@person_required
def apikey_disable(request: HttpRequest, person: Any) -> HttpResponse:
    keys = list(person.apikeys.filter(valid=True).order_by("-created", "-id"))
    if request.method == "POST":
        form = ApiKeyDisableForm(request.POST, keys=keys)
        key = apikeys.disable_key_id(person, form.cleaned_data["id"]) if form.is_valid() else None
        if key is not None:
            messages.success(request, errors.KEY_DISABLED.format(key=apikeys.key_string(key)))
            return redirect("accounts:apikey-index")
        messages.error(request, errors.KEY_NOT_DISABLED)
    else:
        # ?id= (from the index page's links) preselects a key: its id, never its string.
        form = ApiKeyDisableForm(initial={"id": request.GET.get("id", "")}, keys=keys)
    return render(
        request,
        "accounts/apikey_form.html",
        {"title": "Disable a personal API key", "form": form, "button": "Disable key"},
    )
