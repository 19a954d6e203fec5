"""Everything that knows slack-bolt or slack_sdk lives in this package, and only here."""
