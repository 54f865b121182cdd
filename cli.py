"""Command-line interface: users, the demo organization, lifecycle diagrams."""

from __future__ import annotations

import click
from flask import Flask

from extensions import get_db
from models.directory import ROLES
from workflow.engine.lifecycles import ALL_LIFECYCLES
from workflow.engine.machines import diagram as lifecycle_diagram
from workflow.errors import DomainError, Duplicate, NotFound


def register_cli(app: Flask) -> None:
    """Attach the command groups to the app."""
    @app.cli.group("users")
    def users() -> None:
        """Users and roles."""

    @users.command("create")
    @click.option("--login", required=True)
    @click.option("--password", required=True)
    @click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES))
    @click.option("--person-id", type=int, default=None)
    def create_user(login: str, password: str, roles: tuple[str, ...], person_id: int | None) -> None:
        """Create a user with roles (the password policy and the checks of the directory apply)."""
        from workflow.services.directory import NewUser
        from workflow.services.directory import create_user as create

        command = NewUser(login=login.strip(), password=password, roles=list(roles), person_id=person_id)
        try:
            create(get_db(), None, command)
        except Duplicate as exc:
            raise click.ClickException(f"Пользователь «{command.login}» уже есть.") from exc
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(f"Создан пользователь {login} ({', '.join(roles)}).")

    @app.cli.group("demo")
    def demo() -> None:
        """The demo organization."""

    @demo.command("load")
    def demo_load() -> None:
        """Load the demo organization (does nothing when it is already there)."""
        from tools.demo import DEMO_PASSWORD, load_demo

        try:
            logins = load_demo(get_db())
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        if logins is None:
            click.echo("Демонстрационная организация уже загружена.")
            from tools.demo import DEMO_LOGINS

            logins = DEMO_LOGINS
        click.echo(f"Демо-входы (пароль у всех: {DEMO_PASSWORD}):")
        for login, description in logins.items():
            click.echo(f"  {login:<12} {description}")

    @demo.command("generate")
    @click.option("--tasks", type=click.IntRange(min=1), default=1_000_000, show_default=True)
    @click.option("--seed", type=int, default=2026, show_default=True)
    def demo_generate(tasks: int, seed: int) -> None:
        """Fill the database with a generated district and years of tasks (benchmarks, load tests)."""
        from tools.generate import generate

        click.echo(f"Генерация: {tasks} поручений…")
        generate(get_db(), tasks=tasks, seed=seed, echo=click.echo)

    @users.command("calendar-token")
    @click.option("--login", required=True)
    def calendar_token(login: str) -> None:
        """Issue a new secret link to the user's deadline feed (the old one stops working)."""
        from workflow.services.ical import rotate_calendar_token_of

        try:
            token = rotate_calendar_token_of(get_db(), login)
        except NotFound as exc:
            raise click.ClickException(f"Нет пользователя «{login}».") from exc
        click.echo(f"/api/v1/calendar.ics?token={token}")

    @app.cli.group("control")
    def control() -> None:
        """Execution control."""

    @control.command("sweep")
    @click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
    def control_sweep(day: object) -> None:
        """Reminders, overdue notices, escalation, inactivity warnings; safe to run twice or on two nodes."""
        from workflow.services.notifications import sweep

        result = sweep(get_db(), today=day.date() if day else None)  # type: ignore[attr-defined]
        kinds = ", ".join(f"{k}: {v}" for k, v in sorted(result.by_kind.items())) or "нет новых"
        click.echo(f"Уведомлений создано: {result.created} ({kinds}); отправлено писем: {result.emailed}.")

    @app.cli.group("documents")
    def documents() -> None:
        """Official documents."""

    @documents.command("check", context_settings={"ignore_unknown_options": True})
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def documents_check(args: tuple[str, ...]) -> None:
        """Check that a DOCX is signed-ready: FILE [--type order] [--number N] [--date D] [--title T] [--json]."""
        from documents.checker import main

        raise SystemExit(main(list(args)))

    @documents.command("trust-root")
    @click.argument("pem_file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--name", default="", help="Как назвать сертификат в списке доверенных")
    def documents_trust_root(pem_file: str, name: str) -> None:
        """Trust a root certificate (PEM): signatures uploaded from now on check their chain against it."""
        from pathlib import Path

        from workflow.engine.permissions import Actor
        from workflow.services.signatures import add_trusted_root

        # The server's own command line acts as its administrator (who may run it already administers the box).
        operator = Actor(user_id=None, person_id=None, roles=frozenset({"admin"}), label="Командная строка сервера")
        try:
            row = add_trusted_root(get_db(), operator, name or Path(pem_file).stem, Path(pem_file).read_text())
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(f"Доверенный корневой сертификат добавлен: {row.name}.")

    @app.cli.group("workflow")
    def workflow() -> None:
        """The lifecycle engine."""

    @workflow.command("diagram")
    @click.option("--kind", default=None, type=click.Choice(list(ALL_LIFECYCLES)))
    def diagram(kind: str | None) -> None:
        """Mermaid state diagrams of the lifecycles, drawn by transitions' GraphMachine (Markdown)."""
        for lc in ALL_LIFECYCLES.values():
            if kind and lc.kind != kind:
                continue
            click.echo(f"### {lc.label} (`{lc.kind}`)\n\n```mermaid\n{lifecycle_diagram(lc)}\n```\n")
