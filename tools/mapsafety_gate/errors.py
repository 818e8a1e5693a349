"""Exit codes and the errors that map to them (documented in docs/ci.md)."""

EXIT_CLEAN = 0          # no new finding, no unexplained suppression (with --require-reason)
EXIT_FINDINGS = 1       # new findings, or suppressions without a reason under --require-reason
EXIT_SETUP = 2          # usage or setup error: nothing was analysed, or not all of it
EXIT_ANALYSIS_FAILED = 3  # a translation unit crashed, timed out or did not compile


class SetupError(Exception):
    """A usage or setup problem; the message says how to fix it. Exit code 2."""
