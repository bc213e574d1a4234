"""Runs: OTP wakes and runs its agents through adapters (command, http, external), records every
run as a row claimed atomically by the worker, and holds each run to its limits."""
