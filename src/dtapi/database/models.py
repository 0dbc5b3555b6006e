# No models. The module makes Django send this app migrate's pre_migrate and post_migrate
# signals (it sends them only to apps with a models module), which dtapi.database.limits uses.
