"""Fixtures shared across the suite."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.store import Store

DEFAULT_TEST_POSTGRES_URL = "postgresql+psycopg://insights:insights@127.0.0.1:5432/insights_test"


@pytest.fixture(scope="session", autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test writes into the checkout's `data/` or reads a developer's `.env` choices for these two.

    Search runs on words alone unless a test asks for the model (`embedding_model="minilm-int8"`):
    tests/semantic, tests/search_quality and the assistant's tier tests exercise meaning; the rest test
    behaviour that does not depend on it, without paying for embedding each temporary catalog.
    """
    saved = {name: os.environ.get(name) for name in ("DATA_DIR", "EMBEDDING_MODEL")}
    os.environ["DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    os.environ["EMBEDDING_MODEL"] = "off"
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


_POSTGRES_DOWN: list[str] = []  # the first failure's reason: later tests skip without waiting again


def _postgres_unreachable(base: str, reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI but unreachable at {make_url(base)!r}: {reason}")
    pytest.skip(f"no PostgreSQL reachable at {make_url(base)!r} (set INSIGHTS_TEST_POSTGRES_URL): {reason}")


def _postgres_schema_url() -> Iterator[str]:
    """A fresh schema per test on the test database (dropped afterwards), so runs never see each other's rows."""
    base = os.environ.get("INSIGHTS_TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL)
    if _POSTGRES_DOWN:
        _postgres_unreachable(base, _POSTGRES_DOWN[0])
    try:
        admin = create_engine(base, connect_args={"connect_timeout": 3})
        with admin.connect():
            pass
    except Exception as exc:
        _POSTGRES_DOWN.append(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        _postgres_unreachable(base, _POSTGRES_DOWN[0])
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh schema on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'insights.db'}"
    else:
        yield from _postgres_schema_url()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A migrated `Store` on each backend."""
    connected = Store.connect(database_url)
    connected.upgrade()
    yield connected
    connected.close()


SHIPPED_CONTENT = Path(__file__).resolve().parent.parent / "content"
CATALOG_SAMPLE = (
    "categories.yml",
    "architecture/building-subscription-payments.md",
    "architecture/when-to-split-your-application.md",
    "cloud-devops/from-code-to-container.md",
    "cloud-devops/shipping-faster-with-automated-pipelines.md",
    "engineering/real-time-communication.md",
    "leadership/how-i-lead-engineering-teams.md",
    "security/adding-a-second-lock-on-the-door.md",
    "security/securing-user-sessions.md",
)


@pytest.fixture
def catalog_dir(tmp_path: Path) -> Path:
    """A writable copy of eight shipped articles (every category) and `categories.yml`, safe to edit and break."""
    target = tmp_path / "content"
    for relative in CATALOG_SAMPLE:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHIPPED_CONTENT / relative, destination)
    return target


WriteArticle = Callable[..., Path]


@pytest.fixture
def write_article() -> WriteArticle:
    """`write_article(folder, "security/x.md", title=..., read_time=None, body=...)` writes one article file.

    Unnamed required fields get plain defaults; a field given as None is left out, to write incomplete files.
    """

    def write(folder: Path, relative: str, *, body: str = "The article text.", **fields: object) -> Path:
        stem = Path(relative).stem
        front: dict[str, object] = {
            "title": stem.replace("-", " ").title(),
            "category": "Security",
            "summary": f"What {stem} is about.",
            "read_time": 5,
        }
        front.update(fields)
        front = {key: value for key, value in front.items() if value is not None}
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        dumped = yaml.safe_dump(front, sort_keys=False, allow_unicode=True)
        path.write_text(f"---\n{dumped}---\n\n{body}\n", encoding="utf-8")
        return path

    return write
