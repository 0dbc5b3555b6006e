"""Hardened defaults (issue 11, point 6): settings from the environment, `check --deploy` clean
with the settings docs/deployment.md gives, SQLite files 0600, static files served by the app."""

from __future__ import annotations

import os
import re
import runpy
import secrets
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client, override_settings

import dtapi.settings as settings_module
from dtapi.database import files

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ENV_NAMES = [
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
]


def settings_for(monkeypatch, tmp_path, **env: str) -> dict[str, Any]:
    """dtapi.settings evaluated afresh with this environment (restored before returning: other
    code reads some variables, DTAPI_REDIS_URL among them, from the environment too)."""
    with monkeypatch.context() as m:
        for name in ENV_NAMES:
            m.delenv(name, raising=False)
        m.setenv("SECRET_KEY", "x")
        m.setenv("DTAPI_VAR_DIR", str(tmp_path))
        m.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
        for name, value in env.items():
            m.setenv(name, value)
        return runpy.run_path(settings_module.__file__, run_name="settings_probe")


# -- settings -----------------------------------------------------------------------------------


def test_allowed_hosts_come_from_the_base_url(monkeypatch, tmp_path):
    found = settings_for(monkeypatch, tmp_path, DTAPI_BASE_URL="https://dt.example.org")
    assert found["ALLOWED_HOSTS"] == ["dt.example.org"]
    found = settings_for(monkeypatch, tmp_path, DTAPI_BASE_URL="http://127.0.0.1:8101")
    assert found["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]"]
    found = settings_for(
        monkeypatch, tmp_path, DTAPI_BASE_URL="https://dt.example.org", ALLOWED_HOSTS="a.b, c.d"
    )
    assert found["ALLOWED_HOSTS"] == ["a.b", "c.d"]


def test_https_base_url_turns_on_secure_cookies_and_its_origin(monkeypatch, tmp_path):
    found = settings_for(monkeypatch, tmp_path, DTAPI_BASE_URL="https://dt.example.org:8443")
    assert found["SESSION_COOKIE_SECURE"] is found["CSRF_COOKIE_SECURE"] is True
    assert found["CSRF_TRUSTED_ORIGINS"] == ["https://dt.example.org:8443"]
    assert found["SECURE_HSTS_SECONDS"] == 0
    assert found["SECURE_PROXY_SSL_HEADER"] is None
    found = settings_for(monkeypatch, tmp_path, DTAPI_BASE_URL="http://127.0.0.1:8000")
    assert found["SESSION_COOKIE_SECURE"] is found["CSRF_COOKIE_SECURE"] is False
    assert found["CSRF_TRUSTED_ORIGINS"] == []


def test_security_settings_from_the_environment(monkeypatch, tmp_path):
    found = settings_for(
        monkeypatch,
        tmp_path,
        DTAPI_BASE_URL="https://dt.example.org",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_SSL_REDIRECT="true",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https",
        SESSION_COOKIE_SECURE="0",
        CSRF_TRUSTED_ORIGINS="https://a.example.org, https://b.example.org",
        DTAPI_TRUSTED_PROXIES="10.0.0.0/8, ::1",
        DTAPI_REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert found["SECURE_HSTS_SECONDS"] == 3600
    assert found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert found["SECURE_SSL_REDIRECT"] is True
    assert found["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert found["SESSION_COOKIE_SECURE"] is False
    assert found["CSRF_TRUSTED_ORIGINS"] == ["https://a.example.org", "https://b.example.org"]
    assert found["DTAPI_TRUSTED_PROXIES"] == ["10.0.0.0/8", "::1"]
    assert found["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }


def test_a_malformed_proxy_header_setting_is_refused(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="SECURE_PROXY_SSL_HEADER"):
        settings_for(monkeypatch, tmp_path, SECURE_PROXY_SSL_HEADER="https")


@pytest.mark.django_db
def test_unknown_hosts_are_refused(client, settings):
    settings.ALLOWED_HOSTS = ["dt.example.org"]
    assert client.get("/api/v1/", HTTP_HOST="evil.example.com").status_code == 400
    assert client.get("/api/v1/", HTTP_HOST="dt.example.org").status_code == 200


# -- check --deploy with the documented settings ------------------------------------------------


def documented_environment() -> dict[str, str]:
    text = (REPO / "docs" / "deployment.md").read_text()
    block = re.search(
        r"<!-- security-settings:begin -->\n```sh\n(.*?)```\n<!-- security-settings:end -->",
        text,
        re.S,
    )
    assert block, "docs/deployment.md has no security-settings block"
    env = {}
    for line in block.group(1).splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        env[name] = value.strip("'")
    return env


def test_check_deploy_is_clean_with_the_documented_settings(tmp_path):
    documented = documented_environment()
    assert documented["DTAPI_BASE_URL"].startswith("https://")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DTAPI_", "SECURE_"))},
        **documented,
        # What the block leaves to the operator: a real secret, and this test's own database.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DTAPI_VAR_DIR": str(tmp_path),
    }
    for name in ENV_NAMES:
        if name not in documented:
            env.pop(name, None)
    run = dict(env=env, cwd=tmp_path, capture_output=True, text=True)
    # --skip-checks: the checks would ask for the keys being made.
    for command in (
        ["signing-key", "--skip-checks", "generate"],
        ["oidc-key", "--skip-checks", "generate"],
    ):
        subprocess.run([BIN / "dtapi", *command], check=True, **run)
    result = subprocess.run([BIN / "dtapi", "check", "--deploy", "--fail-level", "WARNING"], **run)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


# -- SQLite files ---------------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_sqlite_database_and_wal_are_created_0600(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.update(DTAPI_VAR_DIR=str(tmp_path), SECRET_KEY="x")
    script = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('CREATE TABLE t (x int)'); c.execute('INSERT INTO t VALUES (1)')\n"
        "import os; os._exit(0)\n"  # no checkpoint at close: the -wal and -shm files remain
    )
    env["DJANGO_SETTINGS_MODULE"] = "dtapi.settings"
    old = os.umask(0o022)
    try:
        subprocess.run([sys.executable, "-c", script], env=env, cwd=tmp_path, check=True)
    finally:
        os.umask(old)
    created = sorted(p.name for p in tmp_path.glob("db.sqlite3*"))
    assert created == ["db.sqlite3", "db.sqlite3-shm", "db.sqlite3-wal"]
    assert {name: mode(tmp_path / name) for name in created} == dict.fromkeys(created, 0o600)


def test_files_left_open_are_narrowed(tmp_path):
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"old.sqlite3{suffix}").touch(mode=0o644)
        (tmp_path / f"old.sqlite3{suffix}").chmod(0o644)
    files.narrow(tmp_path / "old.sqlite3")
    assert {mode(p) for p in tmp_path.glob("old.sqlite3*")} == {0o600}


def test_gitignore_covers_the_sqlite_files():
    ignored = (REPO / ".gitignore").read_text().split()
    for pattern in ("*.sqlite3", "*.sqlite3-wal", "*.sqlite3-shm"):
        assert pattern in ignored


# -- static files -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_styles_are_served(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path / "static", DEBUG=False):
        call_command("collectstatic", "--noinput", verbosity=0)
        response = Client().get("/static/admin/css/base.css")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/css")
        body = b"".join(response.streaming_content)
        assert b"body" in body
