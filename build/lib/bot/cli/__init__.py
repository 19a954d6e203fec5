"""The `insights-bot` command line: one module per command group, over the documented Python API."""
