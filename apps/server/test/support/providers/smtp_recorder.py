"""A handler for Debian's aiosmtpd (`python3 -m aiosmtpd -c smtp_recorder.Recorder DIR`) that keeps
every message it accepts in DIR: the raw message (N.eml) and what a mail reader would show (N.json:
envelope, decoded subject, plain and HTML bodies) read with Python's own e-mail parser.

Recipients whose local part starts with "refuse" are refused with 550 (mailbox unavailable, a
permanent failure) and those starting with "later" with 451 (a transient one), as real servers do.
"""

import email
import email.policy
import itertools
import json
import os


class Recorder:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("Recorder takes the directory to keep messages in")
        return cls(args[0])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("refuse"):
            return "550 5.1.1 <%s>: Recipient address rejected: mailbox unavailable" % address
        if local.startswith("later"):
            return "451 4.3.0 <%s>: Temporary failure, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        raw = envelope.original_content or envelope.content
        with open(os.path.join(self.directory, "%d.eml" % n), "wb") as f:
            f.write(raw)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        plain = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        record = {
            "mailFrom": envelope.mail_from,
            "rcptTos": envelope.rcpt_tos,
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "subject": str(msg["subject"]),
            "headers": {k: str(v) for k, v in msg.items()},
            "text": plain.get_content() if plain is not None else None,
            "html": html.get_content() if html is not None else None,
        }
        path = os.path.join(self.directory, "%d.json" % n)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.replace(path + ".tmp", path)
        return "250 2.0.0 Ok: queued as %d" % n
