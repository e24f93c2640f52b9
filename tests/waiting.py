"""Waiting on a state, never on the clock.

A test that needs something to happen in another thread or process polls for it; the deadline
only stops a broken build from hanging the suite and is never the claim (a loaded CI machine
may take long, a test must not fail because of it).
"""

import time

HANG_GUARD = 180.0  # seconds: a busy shared machine starts a server slowly; never asserted on


def wait_until(condition, failure: str, guard: float = HANG_GUARD, poll: float = 0.01):
    """Poll `condition` until it returns something true, and return that; fail with
    `failure` after `guard` seconds."""
    deadline = time.monotonic() + guard
    while not (found := condition()):
        assert time.monotonic() < deadline, failure
        time.sleep(poll)
    return found
