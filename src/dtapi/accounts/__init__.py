"""Accounts: login and logout, personal API keys and the checks that guard the write APIs.

Modules: ``endpoints`` (the table of key and token endpoints), ``apikeys`` (key strings,
validation, creation, use), ``roles`` (role definitions, ``has_role``, ``role_refusal``),
``decorators`` (``require_api_key(path)``), ``apptokens`` (``X-Api-Key`` tokens, issuing and
``requires_api_token``), ``checks`` (the table agrees with the URLconf), ``throttle`` (refusing
clients that keep presenting bad keys), ``users`` (creating accounts), ``views`` (the
``/accounts/`` pages), ``errors`` (every message this app answers with).
"""
