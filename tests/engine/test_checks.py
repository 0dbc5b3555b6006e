"""System checks of the engine's middleware needs: dtapi.E003 (replay-safe) and dtapi.E004."""

from __future__ import annotations

from dtapi.engine.checks import check_middleware


class UnknownMiddleware:
    """A middleware nobody said is safe to skip for a replayed detail answer."""

    def __init__(self, get_response):  # pragma: no cover - never instantiated
        self.get_response = get_response


class DeclaredMiddleware(UnknownMiddleware):
    replay_safe = True


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_the_sites_middleware_passes():
    assert check_middleware() == []


def test_a_middleware_not_known_to_be_safe_with_replay_is_an_error(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.UnknownMiddleware"]
    messages = check_middleware()
    assert ids(messages) == ["dtapi.E003"]
    assert "UnknownMiddleware" in messages[0].msg


def test_a_middleware_may_declare_itself_or_be_listed(settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        f"{__name__}.DeclaredMiddleware",
        f"{__name__}.UnknownMiddleware",
    ]
    settings.DTAPI = {**settings.DTAPI, "REPLAY_SAFE_MIDDLEWARE": [f"{__name__}.UnknownMiddleware"]}
    assert check_middleware() == []


def test_the_engine_needs_cors_conditional_get_and_gzip(settings):
    settings.MIDDLEWARE = [
        path
        for path in settings.MIDDLEWARE
        if path
        not in (
            "dtapi.engine.cors.CorsMiddleware",
            "django.middleware.http.ConditionalGetMiddleware",
        )
    ]
    assert ids(check_middleware()) == ["dtapi.E004", "dtapi.E004"]
