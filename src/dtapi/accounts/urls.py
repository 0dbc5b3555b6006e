"""URLs under /accounts/. The API key pages answer with and without a trailing slash, as the
original's do; the named form is the one links and redirects use."""

from django.urls import path

from dtapi.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("apikey/", views.apikey_index, name="apikey-index"),
    path("apikey", views.apikey_index),
    path("apikey/add", views.apikey_create, name="apikey-create"),
    path("apikey/add/", views.apikey_create),
    path("apikey/del", views.apikey_disable, name="apikey-disable"),
    path("apikey/del/", views.apikey_disable),
]
