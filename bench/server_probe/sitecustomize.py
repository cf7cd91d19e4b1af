"""Benchmark-only instrumentation (bench/bench_room.py puts this folder on the server's PYTHONPATH and
sets BENCH_SERVER_PROBE to a file): for every rerun a browser asks for, the server's own latency — from
the rerun request reaching the session to the run's "finished" message being queued for the browser —
is appended to the file as `<fragment id or -> <seconds>`. It measures the server apart from the browsers
that share the machine's cores with it. Never loaded by the app itself."""

import os
import time

PROBE = os.environ.get("BENCH_SERVER_PROBE")

if PROBE:
    from streamlit.runtime import app_session
    from streamlit.runtime.scriptrunner import ScriptRunnerEvent

    DONE = {ScriptRunnerEvent.SCRIPT_STOPPED_WITH_SUCCESS, ScriptRunnerEvent.FRAGMENT_STOPPED_WITH_SUCCESS}
    Session = app_session.AppSession
    _request = Session._handle_rerun_script_request
    _event = Session._handle_scriptrunner_event_on_event_loop

    def request(self, client_state=None):
        fragment = getattr(client_state, "fragment_id", "") if client_state is not None else ""
        self._bench_asked = (time.monotonic(), fragment or "-")
        return _request(self, client_state)

    def event(self, sender, event, *args, **kwargs):
        result = _event(self, sender, event, *args, **kwargs)
        asked = getattr(self, "_bench_asked", None)
        if asked is not None and event in DONE:
            self._bench_asked = None
            with open(PROBE, "a") as f:
                f.write(f"{asked[1]} {time.monotonic() - asked[0]:.4f}\n")
        return result

    Session._handle_rerun_script_request = request
    Session._handle_scriptrunner_event_on_event_loop = event
