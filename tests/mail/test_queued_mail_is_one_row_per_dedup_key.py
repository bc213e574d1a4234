"""queue_mail writes one row in the caller's transaction; a repeated dedup key queues nothing."""
from sqlalchemy import func, select

from otp.mail.links import public_link
from otp.mail.models import MailMessage
from otp.mail.outbox import queue_mail


def _count(db, org_id):
    with db.read() as s:
        return s.execute(select(func.count()).select_from(MailMessage).where(MailMessage.org_id == org_id)).scalar_one()


def test_a_second_call_with_the_same_dedup_key_returns_the_first_id_and_queues_nothing(db, org):
    with db.write() as s:
        first = queue_mail(s, org_id=org.org_id, to="pat@example.com", kind="invitation", subject="Join us",
                           text="Hello", dedup_key="invite:1")
        again = queue_mail(s, org_id=org.org_id, to="pat@example.com", kind="invitation", subject="Join us",
                           text="Hello", dedup_key="invite:1")
    with db.write() as s:
        later = queue_mail(s, org_id=org.org_id, to="pat@example.com", kind="invitation", subject="Join us",
                           text="Hello", dedup_key="invite:1")
    assert first == again == later and _count(db, org.org_id) == 1


def test_mail_queued_in_a_transaction_that_rolls_back_is_gone(db, org):
    try:
        with db.write() as s:
            queue_mail(s, org_id=org.org_id, to="pat@example.com", kind="invitation", subject="Hi", text="Hello")
            raise RuntimeError("the cause failed")
    except RuntimeError:
        pass
    assert _count(db, org.org_id) == 0


def test_links_in_mail_use_the_public_url(monkeypatch):
    monkeypatch.setenv("OTP_PUBLIC_URL", "https://otp.example.com/")
    assert public_link("/approvals/apr_1") == "https://otp.example.com/approvals/apr_1"
