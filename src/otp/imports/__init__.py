"""Importing an organization from CSV files: its chart (people, agents, seats), scorecard with
history, rocks, issues and to-dos — in OTP's own columns or in the exports of Ninety and Bloom
Growth. Every import is previewed first and confirmed as one transaction through the governed
services (see otp.imports.service)."""
