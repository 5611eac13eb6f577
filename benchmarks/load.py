"""L1, a meeting day: 200 people signed in and browsing CADEC through `cadec serve`.

In a temporary directory of its own: `cadec setup` (the reference configuration and every
module's demonstration data), then 200 more people — a head of delegation for each delegation,
the chair of the year and four Secretariat officers (these with a TOTP device, as their roles
require), delegates for the rest — and `cadec serve` on a free loopback port. Locust, used as a
library, runs one simulated person per account. Each signs in as a person does (the sign-in
page, the password, then the six-digit code where the role needs one); a password check costs
about half a second of CPU by design (PBKDF2, 1.5 million iterations), so at most a few sign in at
a time. Once everyone is in, they all browse the main pages (programme, an activity, the
negotiated text and its compilation, exchange search, a practice, the indicators dashboard, API
reads) for --duration seconds, pausing 1–5 s between pages. It prints p50/p95/p99 and errors per
page and the requests per second, then the raw throughput of single pages under wrk (Debian's
`wrk`; skipped when it is not installed), and stops by itself.

    uv run python benchmarks/load.py [--users 200] [--duration 60] [--workers 2]

Budgets (DESIGN.md): p95 ≤ 50 ms for the main pages at demonstration scale on 2 cores, and
≥ 400 requests/s through `cadec serve`.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from cadec.core.tests.servers import cadec, cadec_env, free_port, stop  # noqa: E402

BUDGET_P95_MS, BUDGET_RPS = 50, 400
SEARCHES = [
    "digital payments",
    "thanh toán",
    "ติดตาม",
    "智慧城市",
    "e-commerce UMKM",
    "telemedicine",
]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# Preparing the accounts: runs in a subprocess of its own, with Django on the data directory.


def prepare(count: int) -> dict:
    """Create ``count`` people and return their sign-ins and the ids of the pages to browse."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import secrets

    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cadec.exchange.models import Practice
    from cadec.indicators.models import Indicator
    from cadec.members import services
    from cadec.members.demo import DEMO_START
    from cadec.members.models import Membership, Organisation, User
    from cadec.members.permissions import MFA_ROLES
    from cadec.members.selectors import chair_on, viewer_for
    from cadec.negotiation.models import Document
    from cadec.programme.models import Activity

    now = timezone.now()
    secretariat = User.objects.get(username="secretariat")
    framework = secretariat.memberships.get().organisation.framework
    viewer = viewer_for(user=secretariat, on=now.date())
    role = Membership.Role
    delegations = list(
        Organisation.objects.filter(framework=framework, kind=Organisation.Kind.DELEGATION)
        .select_related("country")
        .order_by("country__iso3")
    )
    by_country = {o.country.iso3: o for o in delegations if o.country}
    plan = [
        (f"load.{o.country.iso3.lower()}.head", o, role.HEAD_OF_DELEGATION) for o in delegations
    ]
    chair = chair_on(framework=framework, on=now.date()).country
    if chair is not None and chair.iso3 in by_country:
        plan.append(("load.chair", by_country[chair.iso3], role.CHAIR))
    office = Organisation.objects.get(framework=framework, kind=Organisation.Kind.SECRETARIAT)
    plan += [(f"load.secretariat.{n}", office, role.SECRETARIAT) for n in range(1, 5)]
    number = 0
    while len(plan) < count:
        number += 1
        plan += [
            (f"load.{o.country.iso3.lower()}.{number:02}", o, role.DELEGATE)
            for o in delegations[: count - len(plan)]
        ]
    plan = plan[:count]
    password = secrets.token_urlsafe(16)
    people = []
    for username, organisation, person_role in plan:
        user = services.register_person(
            viewer=viewer,
            username=username,
            email=f"{username}@example.org",
            display_name=username,
            organisation=organisation,
            role=person_role,
            start_date=DEMO_START,
            now=now,
        )
        key = None
        if person_role in MFA_ROLES:
            key = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True).key
        people.append({"username": username, "role": person_role, "totp_key": key})
    # One password hash for all: hashing 200 passwords would take minutes of CPU.
    User.objects.filter(username__startswith="load.").update(password=make_password(password))
    return {
        "password": password,
        "people": people,
        "activities": list(Activity.objects.order_by("pk").values_list("pk", flat=True)),
        "practices": list(
            Practice.objects.filter(status="PUBLISHED").order_by("pk").values_list("pk", flat=True)
        ),
        "document": Document.objects.order_by("pk").values_list("pk", flat=True).first(),
        "indicators": list(Indicator.objects.order_by("code").values_list("code", flat=True)),
    }


# The pages a participant browses: (label, weight, path maker).


def pages(data: dict) -> list[tuple[str, int, object]]:
    document = data["document"]
    return [
        ("/ (start page)", 2, lambda: "/"),
        ("/programme/", 3, lambda: "/programme/"),
        (
            "/programme/activities/ID/",
            3,
            lambda: f"/programme/activities/{random.choice(data['activities'])}/",
        ),
        ("/negotiation/ID/ (bracketed text)", 2, lambda: f"/negotiation/{document}/"),
        (
            "/negotiation/ID/?view=compilation",
            2,
            lambda: f"/negotiation/{document}/?view=compilation",
        ),
        ("/exchange/ (practices)", 1, lambda: "/exchange/"),
        ("/exchange/?q=… (hybrid search)", 2, lambda: f"/exchange/?q={random.choice(SEARCHES)}"),
        (
            "/exchange/practices/ID/",
            1,
            lambda: f"/exchange/practices/{random.choice(data['practices'])}/",
        ),
        ("/indicators/", 1, lambda: "/indicators/"),
        (
            "/indicators/CODE/ (chart, ranking)",
            2,
            lambda: f"/indicators/{random.choice(data['indicators'])}/",
        ),
        ("GET /api/v1/programme/activities", 1, lambda: "/api/v1/programme/activities"),
        (
            "GET /api/v1/negotiation/documents/ID/text",
            1,
            lambda: f"/api/v1/negotiation/documents/{document}/text",
        ),
        (
            "GET /api/v1/exchange/practices?q=…",
            1,
            lambda: f"/api/v1/exchange/practices?q={random.choice(SEARCHES)}",
        ),
    ]


SIGN_IN = ["GET /account/login/", "POST /account/login/", "GET /account/two-factor/",
           "POST /account/two-factor/"]  # fmt: skip


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by the server process and its workers."""
    import psutil

    total = 0.0
    process = psutil.Process(pid)
    for each in [process, *process.children(recursive=True)]:
        try:
            times = each.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def run_load(*, base: str, data: dict, users: int, duration: float, sign_in_slots: int, cpu):  # type: ignore[no-untyped-def]
    """Sign everyone in, then browse for ``duration`` s; return the sign-in counts and figures,
    the browsing statistics, its length and the server's CPU seconds while browsing."""
    import gevent
    from django_otp.oath import totp
    from gevent.event import Event
    from gevent.lock import Semaphore
    from locust import FastHttpUser, between, events, task
    from locust.env import Environment
    from locust.exception import StopUser

    accounts = list(data["people"])
    random.shuffle(accounts)
    slots = Semaphore(sign_in_slots)
    everyone_in = Event()
    done = {"signed in": 0, "refused": 0}
    choices = pages(data)
    labels, weights = [c[0] for c in choices], [c[1] for c in choices]

    def arrived(*, ok: bool) -> None:
        done["signed in" if ok else "refused"] += 1
        if done["signed in"] + done["refused"] >= users:
            everyone_in.set()

    class Participant(FastHttpUser):
        host = base
        wait_time = between(1, 5)

        def _form(self, path: str, name: str) -> str:
            response = self.client.get(path, name=name, allow_redirects=False)
            match = CSRF.search(response.text or "")
            return match.group(1) if match else ""

        def _post(self, path: str, name: str, form: dict) -> bool:
            with self.client.post(
                path, data=form, name=name, allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 302:
                    response.failure(f"status {response.status_code}, not a redirect")
                    return False
                return True

        def on_start(self) -> None:
            account = accounts.pop()
            with slots:
                token = self._form("/account/login/", SIGN_IN[0])
                ok = self._post(
                    "/account/login/",
                    SIGN_IN[1],
                    {
                        "username": account["username"],
                        "password": data["password"],
                        "csrfmiddlewaretoken": token,
                    },
                )
                if ok and account["totp_key"]:
                    token = self._form("/account/two-factor/?next=/", SIGN_IN[2])
                    code = f"{totp(bytes.fromhex(account['totp_key'])):06d}"
                    ok = self._post(
                        "/account/two-factor/?next=/",
                        SIGN_IN[3],
                        {"token": code, "csrfmiddlewaretoken": token},
                    )
            arrived(ok=ok)
            if not ok:
                raise StopUser
            everyone_in.wait()
            # People do not all click at the same instant: each starts within one pause.
            gevent.sleep(random.uniform(0, 5))

        @task
        def browse(self) -> None:
            label, _weight, path = random.choices(choices, weights=weights)[0]
            with self.client.get(
                path(), name=label, allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")

    environment = Environment(user_classes=[Participant], events=events)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=users)
    if not everyone_in.wait(timeout=30 + users * 3):
        runner.quit()
        raise SystemExit(f"sign-in did not finish: {done}")
    sign_in_stats = {
        name: (
            entry.num_requests,
            entry.num_failures,
            entry.get_response_time_percentile(0.5),
            entry.get_response_time_percentile(0.95),
        )
        for (name, _method), entry in environment.stats.entries.items()
    }
    environment.stats.reset_all()
    started, cpu_before = time.monotonic(), cpu()
    gevent.sleep(duration)
    elapsed, cpu_used = time.monotonic() - started, cpu() - cpu_before
    stats = environment.stats
    runner.quit()
    return done, sign_in_stats, stats, elapsed, cpu_used, labels


def wrk(url: str, *, seconds: int, connections: int, cookie: str | None) -> str:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


def session_cookie(base: str, username: str, password: str) -> str:
    """Sign one delegate in (no second factor) and return the Cookie header of the session."""
    import requests

    with requests.Session() as browser:
        page = browser.get(f"{base}/account/login/", timeout=30)
        token = CSRF.search(page.text)
        assert token is not None
        answer = browser.post(
            f"{base}/account/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token[1]},
            allow_redirects=False,
            timeout=30,
        )
        assert answer.status_code == 302, answer.status_code
        return "; ".join(f"{k}={v}" for k, v in browser.cookies.items())


def warm_up(base: str, data: dict, *, rounds: int) -> None:
    """Load every page a few times as a signed-in delegate, so that each worker has loaded the
    embedding model, compiled its templates and filled its caches before the timed run."""
    import requests

    delegate = next(p["username"] for p in data["people"] if p["role"] == "DELEGATE")
    cookie = session_cookie(base, delegate, data["password"])
    with requests.Session() as browser:
        for _ in range(rounds):
            for _label, _weight, path in pages(data):
                browser.get(base + path(), headers={"Cookie": cookie}, timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60, help="seconds of browsing")
    parser.add_argument("--workers", type=int, default=os.process_cpu_count() or 1)
    parser.add_argument("--sign-in-slots", type=int, default=4, help="sign-ins at a time")
    parser.add_argument("--raw-seconds", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--prepare", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(args.prepare)))
        return 0
    # Locust patches the standard library for gevent on import: only after the argument parsing.
    import locust  # noqa: F401

    with tempfile.TemporaryDirectory(prefix="cadec-load-") as directory:
        data_dir = Path(directory)
        env = cadec_env(data_dir)
        print(f"cadec setup in {data_dir} …", flush=True)
        subprocess.run(
            [sys.executable, "-m", "cadec.cli", "setup"],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, timeout=600,
        )  # fmt: skip
        prepared = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--prepare", str(args.users)],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        data = json.loads(prepared.stdout.strip().splitlines()[-1])
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = (data_dir / "serve.log").open("w")
        server = cadec(
            "serve", "--port", str(port), "--workers", str(args.workers),
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            import requests

            deadline = time.monotonic() + 240
            while True:
                try:
                    requests.get(f"{base}/account/login/", timeout=5)
                    break
                except requests.ConnectionError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("cadec serve did not start") from None
                    time.sleep(0.5)
            warm_up(base, data, rounds=4 * args.workers)
            print(
                f"cadec serve: {args.workers} workers on {base}; {args.users} people signing in "
                f"({args.sign_in_slots} at a time), then {args.duration:.0f} s of browsing …",
                flush=True,
            )
            load_before = os.getloadavg()
            done, sign_in, stats, elapsed, cpu_used, labels = run_load(
                base=base,
                data=data,
                users=args.users,
                duration=args.duration,
                sign_in_slots=args.sign_in_slots,
                cpu=lambda: server_cpu(server.pid),
            )
            load_after = os.getloadavg()
            report(done, sign_in, stats, elapsed, labels)
            served = stats.total.num_requests
            if served:
                per_request = cpu_used * 1000 / served
                print(
                    f"server CPU while browsing: {cpu_used:.1f} s for {served} requests, "
                    f"{per_request:.1f} ms a request: {os.process_cpu_count() or 1} idle cores "
                    f"would serve about {(os.process_cpu_count() or 1) * 1000 / per_request:.0f} "
                    "requests/s of this mix"
                )
            print(
                f"load average (1, 5, 15 min) before: {' '.join(f'{x:.2f}' for x in load_before)}"
                f"; after: {' '.join(f'{x:.2f}' for x in load_after)}"
            )
            over = check_budgets(stats, labels)
            over += raw_throughput(base, data, args.raw_seconds, lambda: server_cpu(server.pid))
        finally:
            stop(server)
            log.close()
    return 1 if over else 0


def report(done, sign_in, stats, elapsed, labels) -> None:  # type: ignore[no-untyped-def]
    print(f"\nsigned in: {done['signed in']}; refused: {done['refused']}")
    for name in SIGN_IN:
        if name in sign_in:
            count, failures, p50, p95 = sign_in[name]
            print(
                f"  {name:<28} {count:>5} requests, {failures} failed, p50 {p50} ms, p95 {p95} ms"
            )
    header = f"{'page':<44} {'requests':>8} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6}  ms"
    print(f"\nbrowsing for {elapsed:.0f} s:\n{header}")
    total = failures = 0
    for label in labels:
        entry = stats.entries.get((label, "GET"))
        if entry is None or not entry.num_requests:
            continue
        total += entry.num_requests
        failures += entry.num_failures
        print(
            f"{label:<44} {entry.num_requests:>8} {entry.num_failures:>6} "
            f"{entry.get_response_time_percentile(0.5):>6} "
            f"{entry.get_response_time_percentile(0.95):>6} "
            f"{entry.get_response_time_percentile(0.99):>6}"
        )
    p50, p95, p99 = (stats.total.get_response_time_percentile(share) for share in (0.5, 0.95, 0.99))
    print(f"{'all pages':<44} {total:>8} {failures:>6} {p50:>6} {p95:>6} {p99:>6}")
    print(f"throughput while browsing: {total / elapsed:.1f} requests/s")
    for error in stats.errors.values():
        print(f"  error: {error.name}: {error.error} ×{error.occurrences}")


def check_budgets(stats, labels) -> int:  # type: ignore[no-untyped-def]
    over = 0
    for label in labels:
        entry = stats.entries.get((label, "GET"))
        if entry is not None and entry.num_requests:
            p95 = entry.get_response_time_percentile(0.95)
            if p95 > BUDGET_P95_MS or entry.num_failures:
                print(f"OVER: {label} p95 {p95} ms, {entry.num_failures} errors")
                over += 1
    return over


def raw_throughput(base: str, data: dict, seconds: int, cpu) -> int:  # type: ignore[no-untyped-def]
    """Requests per second on single pages under wrk, 16 connections."""
    if shutil.which("wrk") is None:
        print("\nraw throughput: skipped (install Debian's wrk)")
        return 0
    delegate = next(p["username"] for p in data["people"] if p["role"] == "DELEGATE")
    cookie = session_cookie(base, delegate, data["password"])
    print(f"\nraw throughput (wrk, 1 thread, 16 connections, {seconds} s each):")
    over = 0
    for label, path, signed_in in [
        ("/ (anonymous)", "/", False),
        ("/programme/ (anonymous)", "/programme/", False),
        ("/programme/ (signed-in delegate)", "/programme/", True),
    ]:
        cpu_before = cpu()
        output = wrk(
            base + path, seconds=seconds, connections=16, cookie=cookie if signed_in else None
        )
        cpu_used = cpu() - cpu_before
        served = int(re.search(r"(\d+) requests in", output)[1])  # type: ignore[index]
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])  # type: ignore[index]
        latency = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", output, re.MULTILINE))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        per_request = cpu_used * 1000 / max(served, 1)
        print(
            f"  {label:<34} {rps:>7.1f} req/s  p50 {latency.get('50')}  p90 {latency.get('90')}  "
            f"p99 {latency.get('99')}  non-2xx: {errors[1] if errors else 0}  server CPU "
            f"{per_request:.1f} ms a request (idle cores: about "
            f"{(os.process_cpu_count() or 1) * 1000 / per_request:.0f} req/s)"
        )
        if rps < BUDGET_RPS or errors:
            over += 1
    return over


if __name__ == "__main__":
    sys.exit(main())
