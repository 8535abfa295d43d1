"""A tiny SMTP server that accepts every message and remembers it: the sink the notification
worker tests and the dispatch benchmark send to. Standard library only.

A message counts as delivered only once the sink has replied 250 to its DATA, as a real
server commits it. `stall_first_data()` holds the first DATA command unanswered, so a test
can kill the sending worker at that moment. `refuse_for(seconds)` answers every new
connection with `421` for a while, as a busy or broken server does; `slow(seconds)` takes
that long to accept each message.

Faults one message at a time, for the tests of what a dispatcher does with each:
`refuse_recipient(address, reply, times)` answers RCPT TO for that address with `reply` (a
`550` permanent or `450` temporary refusal), and `drop_first_data()` closes the connection in
the middle of the next message's DATA, delivering nothing.
"""

from __future__ import annotations

import email
import email.parser
import email.policy
import socketserver
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Received:
    at: float  # time.time() when the sink accepted it
    message_id: str
    jtai_message: str
    subject: str
    to: str
    # The envelope: what MAIL FROM and RCPT TO gave, as the server saw them.
    mail_from: str = ""
    rcpt_to: tuple[str, ...] = ()


def _path(command: str) -> str:
    """The address in "MAIL FROM:<a@b> SIZE=…" or "RCPT TO:<a@b>"."""
    return command.partition("<")[2].partition(">")[0]


class _Handler(socketserver.StreamRequestHandler):
    timeout = 60

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        sink: SmtpSink = self.server.sink
        if sink._take_refusal():
            self.reply("421 sink busy, try again later")
            return
        self.reply("220 sink ESMTP ready")
        envelope: list[str] = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink")
            elif command.startswith(("MAIL", "RCPT")):
                refusal = sink._take_recipient_refusal(_path(line.decode("utf-8", "replace")))
                if refusal:
                    self.reply(refusal)
                    continue
                envelope.append(line.decode("utf-8", "replace").strip())
                self.reply("250 OK")
            elif command.startswith(("RSET", "NOOP")):
                envelope = []
                self.reply("250 OK")
            elif command == "DATA":
                if sink._take_stall():
                    sink.stalled.set()
                    sink.release.wait(timeout=60)
                    self.reply("451 try again later")  # whoever asked is gone by now
                    return
                self.reply("354 go ahead")
                if sink._take_drop():
                    self.rfile.readline()
                    return  # gone mid-message, as a crashed server or a cut line is
                chunks = []
                while True:
                    chunk = self.rfile.readline()
                    if not chunk:
                        return  # the client died mid-message: nothing delivered
                    if chunk == b".\r\n":
                        break
                    chunks.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                if sink.delay:
                    time.sleep(sink.delay)
                sink._accept(b"".join(chunks), envelope)
                envelope = []
                self.reply("250 OK queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class SmtpSink:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.server = _Server((host, port), _Handler)
        self.server.sink = self
        self.host, self.port = self.server.server_address
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._stalls = 0
        self._drops = 0
        self._recipient_refusals: dict[str, list] = {}
        self.recipient_refusals = 0  # RCPT TO commands refused
        self._refuse_until = 0.0
        self.refusals = 0  # connections answered with 421
        self.delay = 0.0  # seconds taken to accept each message
        self.stalled = threading.Event()
        self.release = threading.Event()
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> SmtpSink:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def stall_first_data(self) -> None:
        self._stalls = 1

    def drop_first_data(self) -> None:
        self._drops = 1

    def refuse_recipient(self, address: str, reply: str, times: int | None = None) -> None:
        """Answer RCPT TO:<address> with `reply` the next `times` times (always if None)."""
        with self._lock:
            self._recipient_refusals[address] = [reply, times]

    def refuse_for(self, seconds: float) -> None:
        with self._lock:
            self._refuse_until = time.monotonic() + seconds

    def slow(self, seconds: float) -> None:
        self.delay = seconds

    def _take_refusal(self) -> bool:
        with self._lock:
            if time.monotonic() < self._refuse_until:
                self.refusals += 1
                return True
            return False

    def _take_drop(self) -> bool:
        with self._lock:
            if self._drops:
                self._drops -= 1
                return True
            return False

    def _take_recipient_refusal(self, address: str) -> str:
        with self._lock:
            refusal = self._recipient_refusals.get(address)
            if refusal is None or refusal[1] == 0:
                return ""
            if refusal[1] is not None:
                refusal[1] -= 1
            self.recipient_refusals += 1
            return refusal[0]

    def _take_stall(self) -> bool:
        with self._lock:
            if self._stalls:
                self._stalls -= 1
                return True
            return False

    def _accept(self, raw: bytes, envelope: list[str]) -> None:
        # The headers are all the sink records: parsing the bodies too would bill the sender's
        # 2 cores for work a real mail server does elsewhere.
        parsed = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
        item = Received(
            at=time.time(),
            message_id=str(parsed.get("Message-ID", "")).strip(),
            jtai_message=str(parsed.get("X-JTAI-Message", "")).strip(),
            subject=str(parsed.get("Subject", "")),
            to=str(parsed.get("To", "")),
            mail_from=next((_path(line) for line in envelope if line.upper().startswith("MAIL")), ""),
            rcpt_to=tuple(_path(line) for line in envelope if line.upper().startswith("RCPT")),
        )
        with self._lock:
            self.received.append(item)

    def snapshot(self) -> list[Received]:
        with self._lock:
            return list(self.received)


if __name__ == "__main__":
    sink = SmtpSink(port=2525).start()
    print(f"SMTP sink on {sink.url}; Ctrl-C stops it.")
    try:
        while True:
            time.sleep(5)
            print(f"{len(sink.snapshot())} messages received")
    except KeyboardInterrupt:
        sink.stop()
