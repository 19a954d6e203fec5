"""One module per Slack surface; each exposes `register(app, assistant, log)` and holds only thin adapters."""
