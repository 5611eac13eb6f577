"""Factories for the members module: real rows through the same code paths the platform uses."""

from datetime import UTC, date, datetime

from django_otp.plugins.otp_totp.models import TOTPDevice

from cadec.members.models import Framework, Membership, Organisation, User

PASSWORD = "correct horse battery staple"
NOW = datetime(2020, 6, 12, 2, 0, tzinfo=UTC)


def delegation(framework: Framework, iso3: str) -> Organisation:
    return Organisation.objects.get(
        framework=framework, kind=Organisation.Kind.DELEGATION, country__iso3=iso3
    )


def organisation(framework: Framework, kind: str) -> Organisation:
    return Organisation.objects.filter(framework=framework, kind=kind).order_by("pk").first()  # type: ignore[return-value]


def person(
    *,
    username: str,
    organisation: Organisation,
    role: str,
    start_date: date = date(2020, 1, 1),
    end_date: date | None = None,
    time_zone: str | None = None,
    language: str = "en",
    email: str | None = None,
) -> User:
    """A person with one membership and the shared test password."""
    zone = time_zone or (organisation.country.primary_time_zone if organisation.country else "UTC")
    user = User(
        username=username,
        display_name=username.replace(".", " ").title(),
        email=email or f"{username}@example.org",
        time_zone=zone,
        language=language,
    )
    user.set_password(PASSWORD)
    user.save()
    Membership.objects.create(
        user=user,
        organisation=organisation,
        role=role,
        start_date=start_date,
        end_date=end_date,
        created_at=NOW,
    )
    return user


def totp_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)
