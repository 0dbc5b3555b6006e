from django.apps import AppConfig


class BenchDataConfig(AppConfig):
    name = "dtapi.benchdata"
    label = "benchdata"
    verbose_name = "Synthetic benchmark data"
