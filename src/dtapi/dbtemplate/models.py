"""Templates stored in the database (group pages, email bodies, meeting overviews)."""

from django.db import models


class DBTemplate(models.Model):
    path = models.CharField(max_length=255, unique=True)
    title = models.CharField(max_length=255)
    variables = models.TextField(null=True, blank=True)
    type = models.ForeignKey("name.DBTemplateTypeName", on_delete=models.CASCADE)
    content = models.TextField()
    group = models.ForeignKey("group.Group", on_delete=models.CASCADE, null=True, blank=True)

    def __str__(self) -> str:
        return self.title
