"""API resources of the group app: only departures from the engine's defaults."""

from dtapi.engine import ModelResource, fields

from .models import Group, GroupHistory


class GroupResource(ModelResource):
    model = Group
    ad = fields.ToOne(to="person.Person")  # no such column: always null, as in the original


class GroupHistoryResource(ModelResource):
    model = GroupHistory
    ad = fields.ToOne(to="person.Person")
