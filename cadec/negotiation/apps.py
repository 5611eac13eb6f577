from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NegotiationConfig(AppConfig):
    name = "cadec.negotiation"
    label = "negotiation"
    verbose_name = _("Negotiation")
