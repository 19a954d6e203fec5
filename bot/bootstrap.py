"""The composition root: `Settings` in, wired objects out, for the CLI and for test fixtures.

Nothing else builds concrete engines, clients, schedulers or Bolt apps; nothing is built at import time.
"""

from __future__ import annotations
