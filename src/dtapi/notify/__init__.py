"""Signed notifications to subscribers, through a transactional outbox.

Signals (``signals``) turn changes into events (``events``); ``outbox.enqueue`` writes them in
the transaction of the change; the worker (``worker``, ``dtapi notify worker``) signs them
with dtapi's key (``dtapi.signing``) and POSTs them (``delivery``), retrying with backoff.
"""
