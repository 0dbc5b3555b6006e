"""Shared throttles: the client's address, atomic counters, login limits, their headers."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from dtapi.accounts.apikeys import key_string
from dtapi.ratelimit import counters
from dtapi.ratelimit.clients import client_address
from dtapi.ratelimit.models import Counter
from tests import factories as f

POSITION = "/api/iesg/position"
LOCKED = (
    "Too many failed login attempts for this account or from this address. "
    "Logging in is blocked for 15 minutes; try again later."
)
REDIS_URL = "redis://127.0.0.1:6379/1"


def address(meta: dict[str, str], settings, proxies: list[str] | None = None) -> str:
    settings.DTAPI_TRUSTED_PROXIES = proxies or []
    return client_address(RequestFactory().get("/", **meta))


# -- the client's address ---------------------------------------------------------------------


def test_forwarded_header_is_ignored_without_trusted_proxies(settings):
    meta = {"REMOTE_ADDR": "198.51.100.1", "HTTP_X_FORWARDED_FOR": "192.0.2.9"}
    assert address(meta, settings) == "198.51.100.1"


def test_forwarded_header_from_an_untrusted_peer_is_ignored(settings):
    meta = {"REMOTE_ADDR": "198.51.100.1", "HTTP_X_FORWARDED_FOR": "192.0.2.9"}
    assert address(meta, settings, ["10.0.0.0/8"]) == "198.51.100.1"


def test_trusted_proxy_names_the_client(settings):
    # Read from the right: what the client wrote itself (the first entries) is not believed.
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.5, 192.0.2.9, 10.0.0.7"}
    assert address(meta, settings, ["10.0.0.0/8"]) == "192.0.2.9"
    meta = {"REMOTE_ADDR": "::1", "HTTP_X_FORWARDED_FOR": "2001:db8::5"}
    assert address(meta, settings, ["::1", "127.0.0.1"]) == "2001:db8::5"


def test_garbage_in_the_header_stops_the_walk(settings):
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "192.0.2.9, not-an-address"}
    assert address(meta, settings, ["10.0.0.0/8"]) == "10.0.0.2"
    meta = {"REMOTE_ADDR": "10.0.0.2"}
    assert address(meta, settings, ["10.0.0.0/8"]) == "10.0.0.2"


# -- counters -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_database_counter_counts_and_forgets_ended_windows(monkeypatch):
    import time as time_module

    policy = counters.Policy("test", limit=2, window=60)
    assert [counters.hit(policy, "a").count for _ in range(3)] == [1, 2, 3]
    assert counters.hit(policy, "b").count == 1
    third = counters.hit(policy, "a")
    assert (third.count, third.exceeded, third.remaining) == (4, True, 0)
    assert 1 <= third.reset <= 60
    now = time_module.time()
    monkeypatch.setattr(time_module, "time", lambda: now + 61)
    assert counters.hit(policy, "a").count == 1
    # The new window's first count removed the ended ones.
    assert Counter.objects.count() == 1


@pytest.fixture
def redis_cache(settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


@pytest.mark.django_db
def test_redis_counter_when_the_cache_is_redis(redis_cache):
    policy = counters.Policy("test", limit=2, window=60)
    assert counters.shared_cache() is redis_cache
    assert [counters.hit(policy, "a").count for _ in range(3)] == [1, 2, 3]
    assert Counter.objects.count() == 0


@pytest.mark.django_db
def test_api_key_throttle_on_redis(client, redis_cache, settings):
    settings.DTAPI = {**settings.DTAPI, "APIKEY_FAILURE_LIMIT": 2, "APIKEY_FAILURE_WINDOW": 60}
    assert [client.post(POSITION, {"apikey": "x"}).status_code for _ in range(3)] == [403, 403, 429]


# -- the API key throttle behind a proxy --------------------------------------------------------


@pytest.mark.django_db
def test_api_key_throttle_counts_the_forwarded_client(client, settings):
    settings.DTAPI = {**settings.DTAPI, "APIKEY_FAILURE_LIMIT": 1, "APIKEY_FAILURE_WINDOW": 60}
    settings.DTAPI_TRUSTED_PROXIES = ["127.0.0.1"]
    one = {"HTTP_X_FORWARDED_FOR": "192.0.2.1"}
    two = {"HTTP_X_FORWARDED_FOR": "192.0.2.2"}
    assert client.post(POSITION, {"apikey": "x"}, **one).status_code == 403
    assert client.post(POSITION, {"apikey": "x"}, **one).status_code == 429
    assert client.post(POSITION, {"apikey": "x"}, **two).status_code == 403
    # The valid key of someone behind the same address still works.
    key = f.api_key(f.area_director("ad"), POSITION)
    r = client.post(POSITION, {"apikey": key_string(key)}, **one)
    assert (r.status_code, r.content) == (400, b"Missing document name")


# -- login attempts -----------------------------------------------------------------------------


LOGIN_PAGES = ["/accounts/login/", "/admin/login/"]


def login(client, page: str, username: str, password: str, **extra):
    return client.post(page, {"username": username, "password": password}, **extra)


def assert_locked(response, limit: int = 10) -> None:
    assert response.status_code == 429
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == LOCKED
    assert response["Retry-After"] == "900"
    assert response["RateLimit-Policy"] == f'"login";q={limit};w=900'
    assert response["RateLimit"] == '"login";r=0;t=900'


@pytest.mark.django_db
@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_logins_are_limited_per_account(client, page):
    user = f.user_person("alice", is_staff=True).user
    for n in range(9):
        # Each from another address: the account's count, not the address's.
        r = login(client, page, "alice", "wrong", REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert r.status_code == 200  # the form again, with its error
    # The tenth failure locks the account: its answer says so.
    assert_locked(login(client, page, "alice", "wrong", REMOTE_ADDR="192.0.2.10"))
    r = login(client, page, "alice", f.password_for("alice"), REMOTE_ADDR="198.51.100.1")
    assert_locked(r)
    assert "_auth_user_id" not in client.session
    assert user.pk  # still there; only logging in waits


@pytest.mark.django_db
@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_logins_are_limited_per_address(client, page):
    f.user_person("bob", is_staff=True)
    for n in range(9):
        assert login(client, page, f"nobody{n}", "wrong").status_code == 200
    assert_locked(login(client, page, "nobody9", "wrong"))
    assert_locked(login(client, page, "bob", f.password_for("bob")))
    # Another address logs in.
    r = login(client, page, "bob", f.password_for("bob"), REMOTE_ADDR="198.51.100.7")
    assert r.status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_count(client):
    f.user_person("carol")
    for _ in range(9):
        login(client, "/accounts/login/", "carol", "wrong")
    assert login(client, "/accounts/login/", "carol", f.password_for("carol")).status_code == 302
    client.logout()
    for _ in range(9):
        login(client, "/accounts/login/", "carol", "wrong")
    assert login(client, "/accounts/login/", "carol", f.password_for("carol")).status_code == 302
