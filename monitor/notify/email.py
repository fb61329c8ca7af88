"""Email over SMTP: multipart plain text + inline-styled HTML, STARTTLS, implicit TLS or none.

The password comes from the environment variable the channel names (`password_env`), read
at send time and never logged. The Message-ID derives from the outbox row, so a repeat
sent after a crash in the delivery window (see monitor/notify) carries the same id as the
first and mail systems can drop it. One connection serves every message of a delivery
pass; QUIT is sent when the pass is over, after the sends were recorded.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses

from monitor import clock
from monitor.logs import event as log_event
from monitor.notify import IDENTITY_DOMAIN, Adapter, Delivery, DeliveryError
from monitor.notify.channels import EmailChannel
from monitor.notify.redact import channel_secrets, redact
from monitor.notify.render import email_parts

TIMEOUT = 30.0


class EmailAdapter(Adapter):
    def __init__(self, name: str, channel: EmailChannel, *, timeout: float = TIMEOUT):
        self.name = name
        self.channel = channel
        self.timeout = timeout
        self.smtp: smtplib.SMTP | None = None

    def send(self, delivery: Delivery, on_part: Callable[[int], None]) -> None:
        message = build_email(self.channel, delivery)
        try:
            smtp = self.smtp or self._connect()
            refused = smtp.send_message(message)
        except DeliveryError:
            raise
        except smtplib.SMTPRecipientsRefused as error:
            self._drop()
            codes = [code for code, _ in error.recipients.values()]
            raise DeliveryError(self._where(f"every recipient refused: {_refusals(error.recipients)}"),
                                retry=all(400 <= c < 500 for c in codes)) from None
        except smtplib.SMTPResponseException as error:
            self._drop()
            raise DeliveryError(self._where(f"the server answered {error.smtp_code} {_text(error.smtp_error)}"),
                                retry=400 <= error.smtp_code < 500) from None
        except smtplib.SMTPServerDisconnected as error:
            self._drop()
            raise DeliveryError(self._where(f"the server closed the connection ({error or 'no reason'})"),
                                retry=True) from None
        except smtplib.SMTPException as error:
            self._drop()
            raise DeliveryError(self._where(f"{type(error).__name__}: {error}"), retry=True) from None
        except (OSError, socket.timeout) as error:
            self._drop()
            raise DeliveryError(self._where(_network(error)), retry=True) from None
        if refused:  # accepted for the others: the message is sent; say who did not get it
            log_event("email recipients refused", logging.WARNING, channel=self.name, outbox=delivery.outbox_id,
                      refused=redact(_refusals(refused), channel_secrets(self.channel)))

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None

    def _connect(self) -> smtplib.SMTP:
        channel = self.channel
        port = channel.effective_port
        context = ssl.create_default_context()
        try:
            if channel.security == "ssl":
                smtp = smtplib.SMTP_SSL(channel.host, port, timeout=self.timeout, context=context)
            else:
                smtp = smtplib.SMTP(channel.host, port, timeout=self.timeout)
        except ssl.SSLError as error:
            raise DeliveryError(self._where(f"TLS failed: {error.reason or error}"), retry=False) from None
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryError(self._where(_network(error)), retry=True) from None
        self.smtp = smtp
        try:
            smtp.ehlo()
            if channel.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise DeliveryError(self._where("the server does not offer STARTTLS; set security: ssl, "
                                                    "or none on a trusted network"), retry=False)
                smtp.starttls(context=context)
                smtp.ehlo()
            if channel.username:
                password = channel.password()  # SecretMissing when the variable is unset
                try:
                    smtp.login(channel.username, password or "")
                except smtplib.SMTPAuthenticationError as error:
                    raise DeliveryError(self._where(f"login refused for {channel.username} ({error.smtp_code}); "
                                                    f"check the password in ${channel.password_env}"),
                                        retry=False) from None
                except smtplib.SMTPNotSupportedError:
                    raise DeliveryError(self._where("the server offers no AUTH; remove username and password_env, "
                                                    "or use security: starttls"), retry=False) from None
        except ssl.SSLError as error:
            self._drop()
            raise DeliveryError(self._where(f"TLS failed: {error.reason or error}"), retry=False) from None
        except BaseException:
            self._drop()
            raise
        return smtp

    def _drop(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.close()
            except OSError:
                pass
            self.smtp = None

    def _where(self, problem: str) -> str:
        return f"channel '{self.name}' (SMTP {self.channel.host}:{self.channel.effective_port}): {problem}"


def build_email(channel: EmailChannel, delivery: Delivery) -> EmailMessage:
    subject, text, html = email_parts(delivery.message)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = channel.from_
    message["To"] = ", ".join(channel.to)
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = f"<{delivery.identity}@{_domain(channel.from_)}>"
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message["X-Monitor-Outbox"] = str(delivery.outbox_id)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def _domain(address: str) -> str:
    parsed = getaddresses([address])
    mailbox = parsed[0][1] if parsed else ""
    return mailbox.rsplit("@", 1)[-1] if "@" in mailbox else IDENTITY_DOMAIN


def _refusals(recipients: dict) -> str:
    return "; ".join(f"{address}: {code} {_text(reply)}" for address, (code, reply) in recipients.items())


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _network(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused (is the SMTP server up, and the host and port right?)"
    if isinstance(error, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(error, socket.gaierror):
        return f"cannot resolve the host ({error.strerror})"
    return f"{type(error).__name__}: {error}"
