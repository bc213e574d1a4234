"""otp.core.heap: `otp serve` keeps full garbage collections off its long-lived heap (the cause of
bench_pages' 150-290 ms p99 stalls); an app built for tests leaves the collector alone."""
from __future__ import annotations

import gc
import weakref

import pytest
from fastapi.testclient import TestClient

from otp.api.app import create_app
from otp.cli import server


@pytest.fixture
def no_frozen_heap():
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the suite runs with an ordinary collector


def test_an_app_asked_to_freeze_freezes_after_the_1st_10th_and_100th_response(settings, db, no_frozen_heap):
    app = create_app(settings, db)
    app.state.freeze_heap = True
    with TestClient(app) as client:
        assert gc.get_freeze_count() == 0, "nothing is frozen before the first response"
        client.get("/api/v1/health").raise_for_status()
        after_first = gc.get_freeze_count()
        assert after_first > 10_000, "the app's routes, validators and mappers are frozen"

        gc.unfreeze()
        for _ in range(8):
            client.get("/api/v1/health")
        assert gc.get_freeze_count() == 0, "responses 2 to 9 do not freeze"
        client.get("/api/v1/health")
        assert gc.get_freeze_count() > 10_000, "the 10th response freezes again"

        gc.unfreeze()
        for _ in range(89):
            client.get("/api/v1/health")
        assert gc.get_freeze_count() == 0
        client.get("/api/v1/health")
        assert gc.get_freeze_count() > 10_000, "the 100th response freezes again"


def test_freezing_keeps_only_live_objects_and_still_collects_new_garbage(settings, db, no_frozen_heap):
    app = create_app(settings, db)
    app.state.freeze_heap = True

    class Cycle:
        pass

    def dropped_cycle() -> weakref.ref:
        cycle = Cycle()
        cycle.me = cycle
        return weakref.ref(cycle)

    before = dropped_cycle()
    with TestClient(app) as client:
        client.get("/api/v1/health")
        assert gc.get_freeze_count() > 10_000
    assert before() is None, "garbage is collected before freezing, not kept forever"
    after = dropped_cycle()
    assert after() is not None, "a cycle waits for the collector"
    gc.collect()
    assert after() is None, "a cycle made after the freeze is still collected"


def test_an_app_built_without_the_setting_never_freezes(app, client, no_frozen_heap):
    assert app.state.freeze_heap is False
    for _ in range(12):
        client.get("/api/v1/health")
    assert gc.get_freeze_count() == 0


def test_otp_serve_asks_its_app_to_freeze(settings, db, monkeypatch, no_frozen_heap):
    served = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: served.update(app=app))
    server._serve(settings, db, "127.0.0.1", 0, worker=False)
    assert served["app"].state.freeze_heap is True
