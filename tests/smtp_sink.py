"""A local SMTP sink for the tests: accepts every message on a loopback port and keeps it."""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes
from email.message import Message


class _Handler(socketserver.StreamRequestHandler):
    def _reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self._reply("220 sink ready")
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode("latin-1").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self._reply("250 sink")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self._reply("250 OK")
            elif command == "DATA":
                self._reply("354 end with .")
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)
                self.server.messages.append(message_from_bytes(b"".join(lines)))  # type: ignore[attr-defined]
                self._reply("250 queued")
            elif command == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("502 not implemented")


class SmtpSink:
    """Start with `with SmtpSink() as sink:`; messages land in sink.messages."""

    def __init__(self) -> None:
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.messages = []  # type: ignore[attr-defined]
        self.port = self.server.server_address[1]

    @property
    def messages(self) -> list[Message]:
        """Everything received so far."""
        return self.server.messages  # type: ignore[attr-defined]

    def __enter__(self) -> SmtpSink:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
