from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cadec.core"
    label = "core"
    verbose_name = "CADEC core"
