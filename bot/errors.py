"""The project's exceptions, in one place. Each carries a message written for the person who will read it.

```
Exception
├── InsightsError                   the bot's own failures and refusals
│   ├── SettingsError               a setting is missing or malformed (one line naming the variable)
│   ├── PostError                   Slack did not take a digest or post (`.permanent`: retrying cannot help)
│   ├── EmbeddingError              the model failed on some input (search falls back to words)
│   ├── IntegrityError              a model or tokenizer file is not the one pinned
│   └── BodyTooLarge                a request body went past the limit while being read
└── ValueError
    ├── QueryError                  a query that cannot be searched (empty, too long)
    ├── CronError                   a DIGEST_SCHEDULE that is malformed or can never fire
    ├── ManifestError               an unusable `--url` for the app manifest
    └── UnsupportedDatabase         a DATABASE_URL backend the store was not tested on
```

Slack's own error codes are not exceptions here: `bot.slack.slack_errors` classifies them (permanent or retry)
and turns them into words. `bot.cli.context.CliError` is click's way of ending a command with one line.
"""

from __future__ import annotations


class InsightsError(Exception):
    """Base of the bot's own exceptions."""


class SettingsError(InsightsError):
    """A setting is missing or malformed; the message names it and says how to fix it, in one line."""


class PostError(InsightsError):
    """Posting failed after the client's own retries. `permanent` errors are not retried this period;
    `plain` says what the error means to a person."""

    def __init__(self, error: str, *, permanent: bool, plain: str | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.permanent = permanent
        self.plain = plain or error


class EmbeddingError(InsightsError):
    """The model failed on some input at run time; callers fall back to lexical search."""


class IntegrityError(InsightsError):
    """A model or tokenizer file is not the one pinned; the message names the file and both digests."""


class BodyTooLarge(InsightsError):
    """A request body went past the limit while being read."""


class QueryError(ValueError):
    """The query cannot be searched; the message is written for the person who typed it."""


class CronError(ValueError):
    """The expression is malformed or can never fire; the message says which field and why."""


class ManifestError(ValueError):
    """The request URL given for HTTP mode cannot work; the message says why, in one line."""


class UnsupportedDatabase(ValueError):
    """DATABASE_URL names a backend the store has not been tested on."""
