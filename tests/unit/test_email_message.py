"""The e-mail of a notice keeps its Russian subject whole in every mail client."""

from __future__ import annotations

from email import message_from_bytes, policy

from workflow.services.notifications import email_message

SUBJECT = (
    "Приказ «Об утверждении Положения о муниципальной системе оценки качества образования»: "
    "все визы получены, утвердите"
)


def test_a_long_russian_subject_reads_back_with_every_space() -> None:
    message = email_message("prikaz@example.org", "head@example.org", SUBJECT, "Текст уведомления.")
    back = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert back["Subject"] == SUBJECT
    assert back.get_content().strip() == "Текст уведомления."
