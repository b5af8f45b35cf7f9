#!/usr/bin/env python3
"""A fake EC2 instance metadata service (IMDSv2 only) on loopback, for spot_watch_test.sh.

    fake_imds.py DIR

Listens on 127.0.0.1 on a free port and writes the port to DIR/port. Answers
  PUT /latest/api/token (needs the TTL header): the token in DIR/token (default "token-1");
  GET /latest/meta-data/spot/instance-action: 401 without that token, else 200 with the
      content of DIR/instance-action if that file exists, else 404.
Every request is appended to DIR/requests.log as "METHOD PATH token=... ttl=...".
"""
import http.server
import os
import sys

DIR = sys.argv[1]


def read(name, default=None):
    path = os.path.join(DIR, name)
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as f:
        return f.read()


class Imds(http.server.BaseHTTPRequestHandler):
    def log_request(self, code="-", size="-"):
        pass

    def record(self):
        with open(os.path.join(DIR, "requests.log"), "a", encoding="utf-8") as f:
            f.write("%s %s token=%s ttl=%s\n" % (
                self.command, self.path,
                self.headers.get("X-aws-ec2-metadata-token", "-"),
                self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "-")))

    def answer(self, code, body=""):
        data = body.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def token(self):
        return read("token", "token-1").strip()

    def do_PUT(self):
        self.record()
        if self.path != "/latest/api/token":
            return self.answer(404)
        if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            return self.answer(400)
        return self.answer(200, self.token())

    def do_GET(self):
        self.record()
        if self.headers.get("X-aws-ec2-metadata-token") != self.token():
            return self.answer(401)
        if self.path != "/latest/meta-data/spot/instance-action":
            return self.answer(404)
        notice = read("instance-action")
        return self.answer(404) if notice is None else self.answer(200, notice)


server = http.server.HTTPServer(("127.0.0.1", 0), Imds)
with open(os.path.join(DIR, "port.new"), "w", encoding="utf-8") as out:
    out.write(str(server.server_address[1]))
os.rename(os.path.join(DIR, "port.new"), os.path.join(DIR, "port"))
server.serve_forever()
