"""Generating the OOS twice from an organization that did not change in between is a no-op."""
from otp.core import clock

from .kit import OOS, crew, export


def test_a_second_generation_with_nothing_changed_writes_no_event(org):
    clock.freeze(clock.now())  # generated_at is stamped to the second
    crew(org, level=5)
    org.ok("POST", f"{OOS}/generate")
    before, text = org.event_count(), export(org)
    org.ok("POST", f"{OOS}/generate")
    assert org.event_count() == before and export(org) == text
    org.agent("Newcomer", level=2)
    org.ok("POST", f"{OOS}/generate")
    assert len(org.events("oos.generated")) == 2 and "Newcomer" in export(org)
