"""Mail: an outbox of messages written in the transaction of their cause and sent over SMTP by
the worker (retried with backoff, claimed atomically so two workers never send one twice)."""
