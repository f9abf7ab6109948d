"""Send requests signed by botocore's SigV4Auth to the spokegate sandbox, curl --connect-to style.

Reads a JSON list of jobs on stdin; prints a JSON list of results. Each job:
  {"method", "url", "headers"?: {...}, "body"?: str, "creds": {"key","secret","token"?},
   "region", "connect": [host, port], "ca": path, "tamper"?: {"what": ..., ...}, "presign"?: seconds,
   "ageSeconds"?: seconds}
`ageSeconds` signs with a clock that far behind (a request signed that long ago).
Tampering kinds: header, path, query, body, date, scope (replace in Authorization), token, method,
drop (a header), upper-signature, scope-date (a day before), extended-date (X-Amz-Date as 2026-12-02T…Z).
`headers` may hold "host" (the AWS cross-account sample's Host override: botocore signs that host).
Tampering happens after signing, on what goes on the wire.
"""
import datetime
import http.client
import json
import re
import socket
import ssl
import sys
from urllib.parse import urlsplit

import botocore.auth
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


class ConnectToHTTPS(http.client.HTTPSConnection):
    """TLS to the URL's host name (SNI, certificate check) over a TCP connection elsewhere."""

    def __init__(self, host, target, context):
        super().__init__(host, 443, context=context, timeout=10)
        self._target = target
        self._ctx = context

    def connect(self):
        raw = socket.create_connection(tuple(self._target), timeout=10)
        self.sock = self._ctx.wrap_socket(raw, server_hostname=self.host)


def tamper(method, path, query, headers, body, t):
    what = t["what"]
    if what == "header":
        headers[t["name"]] = t["value"]
    elif what == "path":
        path = t["value"]
    elif what == "query":
        query = t["value"]
    elif what == "body":
        body = t["value"]
    elif what == "date":
        d = headers["X-Amz-Date"]
        headers["X-Amz-Date"] = d[:-3] + ("%02dZ" % ((int(d[-3:-1]) + 1) % 60))
    elif what == "scope":
        headers["Authorization"] = headers["Authorization"].replace(t["from"], t["to"])
    elif what == "token":
        headers["X-Amz-Security-Token"] = headers["X-Amz-Security-Token"] + "x"
    elif what == "method":
        method = t["value"]
    elif what == "drop":
        headers = {k: v for k, v in headers.items() if k.lower() != t["name"].lower()}
    elif what == "upper-signature":
        headers["Authorization"] = re.sub(
            r"Signature=([0-9a-f]+)", lambda m: "Signature=" + m.group(1).upper(), headers["Authorization"]
        )
    elif what == "scope-date":
        # The credential scope's date a day before the X-Amz-Date's.
        day = datetime.datetime.strptime(headers["X-Amz-Date"][:8], "%Y%m%d") - datetime.timedelta(days=1)
        headers["Authorization"] = re.sub(
            r"/(\d{8})/", "/" + day.strftime("%Y%m%d") + "/", headers["Authorization"], count=1
        )
    elif what == "extended-date":
        d = headers["X-Amz-Date"]
        headers["X-Amz-Date"] = "%s-%s-%sT%s:%s:%sZ" % (d[:4], d[4:6], d[6:8], d[9:11], d[11:13], d[13:15])
    return method, path, query, headers, body


def run(job):
    c = job["creds"]
    creds = Credentials(c["key"], c["secret"], c.get("token"))
    headers = dict(job.get("headers") or {})
    body = job.get("body")
    if isinstance(body, str):
        body = body.encode("utf-8")  # botocore counts a str's characters for Content-Length
    req = AWSRequest(method=job["method"], url=job["url"], data=body, headers=headers)
    clock = botocore.auth.get_current_datetime
    age = job.get("ageSeconds")
    if age:
        # botocore takes the signing time from this module-level function.
        botocore.auth.get_current_datetime = lambda: clock() - datetime.timedelta(seconds=age)
    try:
        if job.get("presign"):
            SigV4QueryAuth(creds, "execute-api", job["region"], expires=job["presign"]).add_auth(req)
        else:
            SigV4Auth(creds, "execute-api", job["region"]).add_auth(req)
    finally:
        botocore.auth.get_current_datetime = clock
    prepared = req.prepare()
    parts = urlsplit(prepared.url)
    out_headers = {k: v for k, v in prepared.headers.items()}
    method, path, query = job["method"], parts.path or "/", parts.query
    b = prepared.body
    if isinstance(b, str):
        b = b.encode()
    if job.get("tamper"):
        method, path, query, out_headers, b = tamper(method, path, query, out_headers, b, job["tamper"])
        if isinstance(b, str):
            b = b.encode()
    ctx = ssl.create_default_context(cafile=job["ca"])
    conn = ConnectToHTTPS(parts.hostname, job["connect"], ctx)
    target = path + ("?" + query if query else "")
    host_header = next((v for k, v in out_headers.items() if k.lower() == "host"), None)
    conn.putrequest(method, target, skip_host=host_header is not None, skip_accept_encoding=True)
    for k, v in out_headers.items():
        conn.putheader(k, v)
    if b is not None and not any(k.lower() == "content-length" for k in out_headers):
        conn.putheader("Content-Length", str(len(b)))
    conn.endheaders(b)
    res = conn.getresponse()
    data = res.read().decode("utf-8", "replace")
    result = {
        "status": res.status,
        "errorType": res.getheader("x-amzn-ErrorType"),
        "requestId": res.getheader("x-amzn-RequestId"),
        "amzDate": next((v for k, v in out_headers.items() if k.lower() == "x-amz-date"), None),
        "body": data,
    }
    conn.close()
    return result


def main():
    jobs = json.load(sys.stdin)
    results = []
    for job in jobs:
        try:
            results.append(run(job))
        except Exception as e:  # report, do not crash: the test names the job
            results.append({"status": -1, "error": "%s: %s" % (type(e).__name__, e)})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
