"""Machine translation behind one interface; a LibreTranslate server when one is configured."""

import json
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from cadec.core.errors import DomainError

if TYPE_CHECKING:
    from cadec.exchange.models import Practice

# CADEC's language codes and LibreTranslate's where they differ.
LIBRETRANSLATE_CODES = {"zh-hans": "zh", "fil": "tl"}


class TranslationUnavailable(DomainError):
    status = 503


class Translator(Protocol):
    def translate(self, *, text: str, source: str, target: str) -> str: ...


class LibreTranslate:
    """A client of a LibreTranslate server (``POST /translate``)."""

    def __init__(self, url: str, *, api_key: str = "", timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def translate(self, *, text: str, source: str, target: str) -> str:
        payload = {
            "q": text,
            "source": LIBRETRANSLATE_CODES.get(source, source),
            "target": LIBRETRANSLATE_CODES.get(target, target),
            "format": "text",
        }
        if self.api_key:
            payload["api_key"] = self.api_key
        request = urllib.request.Request(  # noqa: S310 (the URL is the operator's setting)
            f"{self.url}/translate",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.load(response)
        except (OSError, ValueError) as error:
            raise TranslationUnavailable(
                _("The translation server did not answer: %(error)s") % {"error": error}
            ) from error
        if not isinstance(answer, dict) or "translatedText" not in answer:
            raise TranslationUnavailable(_("The translation server gave no translation."))
        return str(answer["translatedText"])


def translator() -> Translator | None:
    """The configured machine translator, or None (machine translation is off by default)."""
    url = getattr(settings, "CADEC_LIBRETRANSLATE_URL", "")
    return LibreTranslate(url) if url else None


def machine_translate(
    *, text: str, source: str, target: str, using: Translator | None = None
) -> str:
    """Translate ``text``; a machine translation is always labelled as such where it is shown.

    :raises TranslationUnavailable: no translator is configured, or it failed.
    """
    engine = using or translator()
    if engine is None:
        raise TranslationUnavailable(_("Machine translation is not configured."))
    if source == target or not text.strip():
        return text
    return engine.translate(text=text, source=source, target=target)


@dataclass(frozen=True)
class MachineTranslation:
    """A practice's title and summary in another language, by machine: never reviewed."""

    language: str
    title: str
    summary: str


def translate_practice(
    *, practice: "Practice", language: str, using: Translator | None = None
) -> MachineTranslation:
    """The title and summary of ``practice`` machine-translated into ``language``.

    :raises DomainError: ``language`` is not one of the framework's, or the practice's own.
    :raises TranslationUnavailable: no translator is configured, or it failed.
    """
    if language not in dict(settings.LANGUAGES):
        raise DomainError(
            _("Choose one of the framework's languages to translate into."), field="language"
        )
    if language == practice.language:
        raise DomainError(_("The practice is written in that language."), field="language")
    translate = using or translator()
    if translate is None:
        raise TranslationUnavailable(_("Machine translation is not configured."))
    return MachineTranslation(
        language=language,
        title=machine_translate(
            text=practice.title, source=practice.language, target=language, using=translate
        ),
        summary=machine_translate(
            text=practice.summary, source=practice.language, target=language, using=translate
        ),
    )
