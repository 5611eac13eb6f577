"""Demonstration personas for a fresh installation: who can sign in, with which role."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from cadec.core import audit
from cadec.members.models import Framework, Membership, Organisation, User
from cadec.members.selectors import chair_on

Role = Membership.Role
DEMO_START = date(2020, 1, 1)


@dataclass(frozen=True)
class Persona:
    username: str
    display_name: str
    organisation: str  # organisation name, or an ISO alpha-3 code for a delegation
    role: str
    time_zone: str | None = None


PERSONAS = [
    *(
        persona
        for iso3, name in (
            ("VNM", "Viet Nam"),
            ("CHN", "China"),
            ("THA", "Thailand"),
            ("IDN", "Indonesia"),
            ("SGP", "Singapore"),
        )
        for persona in (
            Persona(
                f"{iso3.lower()}.head", f"Head of Delegation, {name}", iso3, Role.HEAD_OF_DELEGATION
            ),
            Persona(f"{iso3.lower()}.delegate", f"Delegate, {name}", iso3, Role.DELEGATE),
        )
    ),
    Persona("chair.2020", "ASEAN Chair 2020 (Viet Nam)", "VNM", Role.CHAIR),
    Persona(
        "secretariat", "Secretariat officer", "ASEAN Secretariat", Role.SECRETARIAT, "Asia/Jakarta"
    ),
    Persona("observer", "Observer", "Accredited observers", Role.OBSERVER, "UTC"),
]

SECRETARIAT_APPS = (
    "members",
    "core",
    "programme",
    "indicators",
    "negotiation",
    "exchange",
    "django_tasks_db",
    "axes",
    "otp_totp",
)


def secretariat_group() -> Group:
    """The Django admin group of the Secretariat: it manages the platform's records."""
    group, _created = Group.objects.get_or_create(name="Secretariat")
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS))
    return group


@transaction.atomic
def create_personas(*, framework: Framework, now: datetime) -> list[tuple[Persona, str]]:
    """Create every persona with a random password; return the passwords (shown once).

    Besides the 2020 chair, the chair of the current year (when the rotation names one) gets a
    persona too, so the chair's actions can be tried today.
    """
    created = []
    personas = list(PERSONAS)
    today = now.date()
    current = chair_on(framework=framework, on=today)
    if current.country is not None and current.year != 2020:
        personas.append(
            Persona(
                f"chair.{current.year}",
                f"ASEAN Chair {current.year} ({current.country.name})",
                current.country.iso3,
                Role.CHAIR,
            )
        )
    for persona in personas:
        if len(persona.organisation) == 3 and persona.organisation.isupper():
            organisation = Organisation.objects.select_related("country").get(
                framework=framework,
                kind=Organisation.Kind.DELEGATION,
                country__iso3=persona.organisation,
            )
        else:
            organisation = Organisation.objects.get(framework=framework, name=persona.organisation)
        time_zone = persona.time_zone or (
            organisation.country.primary_time_zone if organisation.country else "UTC"
        )
        password = secrets.token_urlsafe(12)
        user = User(
            username=persona.username,
            display_name=persona.display_name,
            email=f"{persona.username}@example.org",
            time_zone=time_zone,
            is_staff=persona.role == Role.SECRETARIAT,
        )
        user.set_password(password)
        user.save()
        if persona.role == Role.SECRETARIAT:
            user.groups.add(secretariat_group())
        membership = Membership.objects.create(
            user=user,
            organisation=organisation,
            role=persona.role,
            start_date=DEMO_START,
            created_at=now,
        )
        audit.record(
            action="membership.added",
            target=membership,
            actor=None,
            now=now,
            person=user.pk,
            role=persona.role,
            demonstration=True,
        )
        created.append((persona, password))
    return created
