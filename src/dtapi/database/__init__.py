"""Bounds on database work (statement timeout, bounded REGEXP on SQLite); not an API app.

``limits`` holds the helpers (``lift_statement_timeout`` for maintenance commands,
``is_statement_timeout`` for error handling); ``middleware`` answers a cancelled query outside
/api/v1 with a 503. The app's ``ready()`` connects them to every database connection and to
``migrate``.
"""
