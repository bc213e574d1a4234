#!/usr/bin/env python3
"""A plain Python agent for OTP's `command` adapter. It ships inside OTP as
`otp.runs.example_agent` (so `python3 -m otp.runs.example_agent` works wherever OTP is installed,
and the demo's Tally runs it); read that module for what it does and what OTP hands the process.
This file runs the same program from a checkout: `python3 examples/run_agent.py`."""
from __future__ import annotations

import sys

from otp.runs.example_agent import main

if __name__ == "__main__":
    sys.exit(main())
