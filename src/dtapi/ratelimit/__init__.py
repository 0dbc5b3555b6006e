"""Throttles shared by every worker and node: counters, the client's address, the headers.

``clients.client_address`` (a trusted proxy's header only when ``DTAPI_TRUSTED_PROXIES`` names
it), ``counters.hit`` (an atomic increment in the shared store: Redis when ``DTAPI_REDIS_URL``
is set, else a table of the database), ``headers`` (``Retry-After``, ``RateLimit``,
``RateLimit-Policy``), and the login lockout answer for django-axes (``views``).
"""
