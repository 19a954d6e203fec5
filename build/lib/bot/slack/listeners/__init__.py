"""One module per Slack surface; each exposes `register(app, replies, deps)` and holds only thin listeners."""
