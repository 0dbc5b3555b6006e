"""The reference: django-tastypie serving dtapi's models configured like the original.

Test and benchmark code only (never imported by dtapi). ``urls`` and ``settings`` serve the
original configuration, ``urls_optimized`` and ``settings_optimized`` the variant with
``select_related``/``prefetch_related``; ``client`` has the test clients that talk to it.
"""
