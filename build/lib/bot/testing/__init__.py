"""Stand-ins for Slack used by the test suite, the benchmarks and the local shell."""
