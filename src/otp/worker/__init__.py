"""The worker: runs every domain's periodic tasks (otp.core.jobs) against the database."""
