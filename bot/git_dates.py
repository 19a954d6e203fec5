"""Each content file's first and last commit dates, read from git when the content folder is a checkout.

`review_every` counts from the last commit when an article gives neither `reviewed` nor `published`, and the
first commit is when an article really appeared. One `git log` over the whole folder, bounded by a timeout: a
folder that is not a checkout, a missing git binary or a slow repository give no dates, never an error.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("bot.git_dates")

DEFAULT_TIMEOUT = 10.0
_MARK = "\x1fcommit "


@dataclass(frozen=True, slots=True)
class CommitDates:
    first: dt.datetime
    last: dt.datetime


def commit_dates(content_dir: Path, *, timeout: float = DEFAULT_TIMEOUT) -> dict[Path, CommitDates]:
    """Absolute path of every committed `.md` file under `content_dir` -> its first and last commit times (UTC)."""
    folder = content_dir.resolve()
    top = _git(folder, ["rev-parse", "--show-toplevel"], timeout)
    if top is None:
        return {}
    root = Path(top.strip())
    out = _git(
        folder,
        ["log", "--format=" + _MARK + "%ct", "--name-only", "--no-renames", "-z", "--", "."],
        timeout,
    )
    return {} if out is None else _parse_log(out, root)


def _git(folder: Path, args: list[str], timeout: float) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - fixed git arguments; the folder is passed as one argument
            [git, "--no-optional-locks", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("no git dates for %s: %s", folder, exc.__class__.__name__)
        return None
    if done.returncode != 0:
        return None
    return done.stdout


def _parse_log(out: str, root: Path) -> dict[Path, CommitDates]:
    """`git log` lists newest first: the first time a path is seen is its last commit, the final time its first."""
    dates: dict[Path, CommitDates] = {}
    when: dt.datetime | None = None
    for field in out.split("\0"):
        field = field.strip("\n")
        if not field:
            continue
        if field.startswith(_MARK):
            head, _, name = field.partition("\n")
            when = dt.datetime.fromtimestamp(int(head[len(_MARK) :]), tz=dt.UTC)
            field = name.strip("\n")
            if not field:
                continue
        if when is None or not field.lower().endswith(".md"):
            continue
        path = root / field
        seen = dates.get(path)
        dates[path] = CommitDates(first=when, last=seen.last if seen else when)
    return dates


def last_commit_days(content_dir: Path, *, timeout: float = DEFAULT_TIMEOUT) -> dict[Path, dt.date]:
    """Path -> last commit date, the shape `bot.core.catalog.with_changed` takes."""
    return {path: dates.last.date() for path, dates in commit_dates(content_dir, timeout=timeout).items()}
