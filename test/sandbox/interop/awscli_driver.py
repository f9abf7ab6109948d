"""The AWS CLI (v1) run many times in one process: each line on stdin is a JSON request
{"args": [...], "env": {...}}; each answer a JSON line {"code", "stdout", "stderr"}. Every command
runs through awscli.clidriver.main, the function the `aws` command itself calls, with the process
environment replaced by the request's (credentials, HOME, config files), so one Python start
serves a whole test file instead of one per command."""
import io
import json
import os
import sys
from contextlib import redirect_stderr, redirect_stdout

from awscli.clidriver import create_clidriver

# awscli sets AWS_DATA_PATH (where its own data lives) when imported: keep it in every environment.
OWN = {k: os.environ[k] for k in ("AWS_DATA_PATH",) if k in os.environ}
out = sys.stdout
for line in sys.stdin:
    req = json.loads(line)
    os.environ.clear()
    os.environ.update(OWN)
    os.environ.update(req["env"])
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        try:
            code = create_clidriver().main(req["args"])
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
    out.write(json.dumps({"code": code, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()}) + "\n")
    out.flush()
