"""Accounts: login and logout, personal API keys and the checks that guard the write APIs.

Modules: ``apikeys`` (key strings, validation, creation, use), ``roles`` (role definitions,
``has_role``, ``role_required``), ``decorators`` (``require_api_key``), ``throttle`` (refusing
clients that keep presenting bad keys), ``users`` (creating accounts), ``views`` (the
``/accounts/`` pages), ``errors`` (every message this app answers with).
"""
