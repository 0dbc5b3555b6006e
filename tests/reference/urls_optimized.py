"""URLconf of the reference variant with ``select_related``/``prefetch_related``."""

from .urls import api_patterns

urlpatterns = api_patterns("optimized")
