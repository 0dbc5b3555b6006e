"""Background tasks: dtapi's one queue (django-tasks, database backend) and its worker.

Submissions are processed and signed notifications delivered by tasks (``@task`` functions in
``dtapi.submit.tasks`` and ``dtapi.notify.tasks``), enqueued in the transaction of the change
that calls for them and run by ``dtapi worker`` (``make run`` starts one). See docs/tasks.md.
"""
