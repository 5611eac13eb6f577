from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "cadec.exchange"
    label = "exchange"
    verbose_name = "Exchange"
