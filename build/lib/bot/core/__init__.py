"""Pure logic: no Slack client, database, scheduler, CLI framework or settings below this package."""
