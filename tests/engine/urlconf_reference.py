"""The engine's URLs plus the tastypie reference server at /tp/v1/ (conformance tests)."""

from .tastypie_reference import urlpatterns as reference_patterns
from .urlconf import urlpatterns as engine_patterns

urlpatterns = [*reference_patterns, *engine_patterns]
