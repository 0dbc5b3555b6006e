"""API resources of the name app: name tables allow no ``order_by``."""

from dtapi.engine import ModelResource


class NameResource(ModelResource):
    ordering = ()


default_resource = NameResource
