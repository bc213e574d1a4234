"""The worker: runs every domain's periodic tasks (otp.worker.tasks) against the database."""
