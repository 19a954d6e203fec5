"""Block Kit builders: pure functions returning plain dicts, within Slack's limits."""
