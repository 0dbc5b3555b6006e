"""The write endpoints of /api/, by area: ``iesg`` (ballot positions), ``meeting`` (session
recordings). Each view parses the request, looks up what it names, and calls one service;
``require_api_key(path)`` runs in front of it (with the roles of ``path`` in
:mod:`dtapi.accounts.endpoints`), and every refusal is a
:class:`~dtapi.accounts.errors.RequestRefused` carrying a text from :mod:`dtapi.api.errors`.
"""
