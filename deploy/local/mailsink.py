#!/usr/bin/env python3
"""mailsink.py PORT DIR: the local stack's SMTP sink.

notify sends the local stack's mail here (notify/smtp_url); each message is
written whole as DIR/NNNNNN.eml (mode 600), so someone trying the web login
reads the link there. It listens on 127.0.0.1 only, accepts any sender and
recipient, and never relays. Standard library only.
"""
import os
import socketserver
import sys
import threading

port, folder = int(sys.argv[1]), sys.argv[2]
os.makedirs(folder, mode=0o700, exist_ok=True)
lock = threading.Lock()


def store(data):
    with lock:
        names = [n for n in os.listdir(folder) if n.endswith(".eml")]
        path = os.path.join(folder, "%06d.eml" % (len(names) + 1))
        tmp = path + ".tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.rename(tmp, path)


class Session(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 samskab mail sink")
        while True:
            line = self.rfile.readline(65536)
            if not line:
                return
            verb = line.strip().split(b" ")[0].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 samskab mail sink")
            elif verb == b"DATA":
                self.reply("354 end with a dot")
                lines = []
                while True:
                    l = self.rfile.readline(65536)
                    if not l or l in (b".\r\n", b".\n"):
                        break
                    lines.append(l[1:] if l.startswith(b"..") else l)
                store(b"".join(lines))
                self.reply("250 stored")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.reply("250 ok")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


Server(("127.0.0.1", port), Session).serve_forever()
