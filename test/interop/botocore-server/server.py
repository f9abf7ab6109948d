#!/usr/bin/env python3
"""Test-only HTTPS server that verifies SigV4 with botocore (an independent signer).

For each request it rebuilds the request from what arrived on the wire (method, raw path and
query, the headers named in SignedHeaders, the body), lets botocore's SigV4Auth sign it at the
X-Amz-Date the client used, and compares the whole Authorization header. It answers 200 with what
it saw (Host, SNI, path) when they match, else 403 InvalidSignatureException with botocore's
canonical request. Credentials come from the environment (INTEROP_ACCESS_KEY_ID,
INTEROP_SECRET_ACCESS_KEY, INTEROP_SESSION_TOKEN); region from --region. Prints "READY <port>".
"""
import argparse
import datetime
import json
import os
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SNI = {}
SNI_LOCK = threading.Lock()


def parse_authorization(value):
    if not value or not value.startswith('AWS4-HMAC-SHA256 '):
        return None
    parts = {}
    for item in value[len('AWS4-HMAC-SHA256 '):].split(','):
        k, _, v = item.strip().partition('=')
        parts[k] = v
    return parts


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    creds = None
    region = None

    def log_message(self, fmt, *args):  # keep the test output clean
        pass

    def answer(self, status, doc, error_type=None):
        body = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.send_header('x-amzn-RequestId', 'interop-1')
        if error_type:
            self.send_header('x-amzn-ErrorType', error_type)
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else b''
        with SNI_LOCK:
            sni = SNI.get(id(self.connection))
        seen = {
            'method': self.command,
            'path': self.path,
            'host': self.headers.get('Host'),
            'sni': sni,
            'apiIdHeader': self.headers.get('x-apigw-api-id'),
            'body': body.decode('utf-8', 'replace'),
        }
        auth = parse_authorization(self.headers.get('Authorization'))
        if auth is None:
            return self.answer(403, {'message': 'Missing Authentication Token', 'seen': seen},
                               'MissingAuthenticationTokenException')
        signed = auth.get('SignedHeaders', '').split(';')
        amz_date = self.headers.get('X-Amz-Date', '')
        if 'host' not in signed or 'x-amz-date' not in signed:
            return self.answer(403, {'message': 'host and x-amz-date must be signed', 'seen': seen},
                               'IncompleteSignatureException')
        headers = {}
        for name in signed:
            if name in ('authorization', 'x-amz-date', 'x-amz-security-token'):
                continue  # botocore sets these itself
            value = self.headers.get(name)
            if value is None:
                return self.answer(403, {'message': 'signed header %s missing' % name, 'seen': seen},
                                   'IncompleteSignatureException')
            headers[name] = value
        url = 'https://%s%s' % (self.headers.get('Host'), self.path)
        request = AWSRequest(method=self.command, url=url, headers=headers, data=body or None)
        try:
            when = datetime.datetime.strptime(amz_date, '%Y%m%dT%H%M%SZ')
        except ValueError:
            return self.answer(403, {'message': 'bad X-Amz-Date', 'seen': seen}, 'IncompleteSignatureException')
        signer = SigV4Auth(self.creds, 'execute-api', self.region)
        with mock.patch.object(botocore.auth, 'get_current_datetime', return_value=when):
            signer.add_auth(request)
        expected = request.headers['Authorization']
        got = self.headers.get('Authorization')
        token_ok = self.headers.get('X-Amz-Security-Token') == self.creds.token
        if expected == got and token_ok:
            return self.answer(200, {'ok': True, 'seen': seen})
        canonical = signer.canonical_request(request)
        return self.answer(403, {
            'message': 'The request signature we calculated does not match the signature you provided.',
            'expected': expected, 'got': got, 'canonicalRequest': canonical, 'seen': seen,
        }, 'InvalidSignatureException')

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = handle_any


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cert', required=True)
    ap.add_argument('--key', required=True)
    ap.add_argument('--region', required=True)
    ap.add_argument('--port', type=int, default=0)
    args = ap.parse_args()
    Handler.creds = Credentials(os.environ['INTEROP_ACCESS_KEY_ID'], os.environ['INTEROP_SECRET_ACCESS_KEY'],
                                os.environ.get('INTEROP_SESSION_TOKEN') or None)
    Handler.region = args.region
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)

    def remember_sni(sock, name, _ctx):
        with SNI_LOCK:
            SNI[id(sock)] = name

    ctx.sni_callback = remember_sni
    httpd = ThreadingHTTPServer(('127.0.0.1', args.port), Handler)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    print('READY %d' % httpd.server_address[1], flush=True)
    # Stop when the test (our parent) closes stdin, so no server outlives its test.
    threading.Thread(target=lambda: (sys.stdin.read(), httpd.shutdown()), daemon=True).start()
    httpd.serve_forever()


if __name__ == '__main__':
    main()
