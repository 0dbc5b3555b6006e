"""URLconf of the reference: tastypie configured like the original, at ``/api/v1/``."""

from django.urls import include, re_path

from .original import make_top_level
from .tastypie_resources import build

VARIANT = "original"


def api_patterns(variant: str) -> list:
    api_list = build(variant)
    patterns = [re_path(r"^api/v1/?$", make_top_level(api_list), name="reference-top-level")]
    for _, api in api_list:
        patterns.append(re_path(r"^api/v1/", include(api.urls)))
    return patterns


urlpatterns = api_patterns(VARIANT)
