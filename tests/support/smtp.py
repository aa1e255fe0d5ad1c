"""A real SMTP server for tests: aiosmtpd on a free local port, keeping what it receives.

with smtp_server(refuse={"bad@example.org"}) as server:
    with worker(**server.worker_environment()):
        ...
    server.messages  # email.message.EmailMessage objects, parsed as a mail program would
"""

import asyncio
import email
import socket
import threading
from contextlib import contextmanager
from email import policy

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """The handler: accepts every recipient but those in `refuse` (550, as a server does for
    an address that does not exist), and keeps each message parsed, taking `delay` seconds
    over each (a slow server)."""

    def __init__(self, refuse=(), delay=0):
        self.refuse = {address.lower() for address in refuse}
        self.delay = delay
        self.messages = []
        self.refused = []
        self.sessions = 0
        self._lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        with self._lock:
            self.sessions += 1
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            with self._lock:
                self.refused.append(address)
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted"

    def to(self, address):
        """The messages received for `address`."""
        with self._lock:
            return [m for m in self.messages if m["To"] == address]


class SMTPServer:
    def __init__(self, mailbox, port):
        self.mailbox, self.port = mailbox, port

    @property
    def messages(self):
        return self.mailbox.messages

    def to(self, address):
        return self.mailbox.to(address)

    def worker_environment(self, **more):
        """The variables that make a worker (tests/support/queue.py) send through this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
            **more,
        }


@contextmanager
def smtp_server(refuse=(), delay=0):
    mailbox = Mailbox(refuse, delay)
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SMTPServer(mailbox, controller.port)
    finally:
        controller.stop()
