// Issue 12, attack run 12: new hostile inputs on what the last passes added (SCP files and orgPaths,
// organization.complete, evaluate --resource-org and --context, Terraform forget/removed,
// CloudFormation GetAtt, who-can and diff Markdown and SARIF, the report's CSP, the sandbox's SigV4a,
// presigned requests and GetSessionToken), kept as a table of probes run through the CLI's main() in
// this process with canary secrets in the environment and in files outside the project, scored as
// the issue scores an attack run (test/reliability/attack-kit.ts). Raw sandbox requests follow.
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/sandbox/server.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { DEMO } from '../harness/helpers.js';

describe('attack run 12: the sandbox, raw', () => {
  let plain: Sandbox;
  let tls: Sandbox;
  beforeAll(async () => {
    [plain, tls] = await Promise.all([
      startSandbox(join(DEMO, 'world.yaml'), { http: true }),
      startSandbox(join(DEMO, 'world.yaml')),
    ]);
  });
  afterAll(() => Promise.all([plain.close(), tls.close()]));

  const EXECUTE = 'a1b2c3d4e5.execute-api.us-west-2.amazonaws.com';
  const open = (overTls: boolean): Socket => {
    const sb = overTls ? tls : plain;
    const port = Number(new URL(sb.env.AWS_ENDPOINT_URL_STS!).port);
    return overTls
      ? tlsConnect({ port, host: '127.0.0.1', servername: EXECUTE, ca: sb.caPem })
      : connect(port, '127.0.0.1');
  };
  /**
   * Everything the sandbox answers before it closes, to writes that never end the request: the
   * socket stays open, as a client still sending would keep it. A sandbox that waits for the body
   * answers only at its request timeout (408 after 30 s), which the test's own timeout cuts off.
   */
  const answerTo = (...writes: string[]) =>
    new Promise<string>((resolve) => {
      const s = open(false);
      let buf = '';
      s.on('data', (d: Buffer) => (buf += d.toString('latin1')));
      s.on('close', () => resolve(buf));
      s.on('error', () => resolve(buf));
      for (const w of writes) s.write(w);
    });
  const statuses = (answer: string) => [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
  const CHUNKED = `POST /prod/orders HTTP/1.1\r\nHost: ${EXECUTE}\r\nTransfer-Encoding: chunked\r\n\r\n`;
  const HUGE = (2 ** 53).toString(16); // 20000000000000

  // note9 §12: the sandbox waited for a chunk declaring 2^53 bytes until its request timeout (30 s,
  // then 408). A server with a body limit refuses the chunk from its size line (nginx: 413 when a
  // chunk would take the body over client_max_body_size), as the sandbox does a Content-Length.
  it('K01 a chunk declaring 2^53 bytes: 413 at once, then a close', async () => {
    const answer = await answerTo(`${CHUNKED}${HUGE}\r\nab`);
    expect(statuses(answer)).toEqual([413]);
    expect(answer).toMatch(/Connection: close/);
  });
  it('K02 the huge chunk after a small one, in a later write: 413', async () => {
    const answer = await answerTo(`${CHUNKED}3\r\nabc\r\n`, `${HUGE}\r\n`);
    expect(statuses(answer)).toEqual([413]);
  });
  it('K03 a chunk one byte over the body limit, with a chunk extension: 413', async () => {
    const answer = await answerTo(`${CHUNKED}${(MAX_BODY_BYTES + 1).toString(16)};name=x\r\nab`);
    expect(statuses(answer)).toEqual([413]);
  });
  it('K04 over TLS: 413 at once', async () => {
    const answer = await new Promise<string>((resolve) => {
      const s = open(true);
      let buf = '';
      s.on('data', (d: Buffer) => (buf += d.toString('latin1')));
      s.on('close', () => resolve(buf));
      s.on('error', () => resolve(buf));
      s.write(`${CHUNKED}${HUGE}\r\n`);
    });
    expect(statuses(answer)).toEqual([413]);
  });
  it('K05 a chunked body of small chunks is read and answered as before (not 413)', async () => {
    const answer = await answerTo(
      `${CHUNKED}3\r\nabc\r\n${'0'.repeat(8)}5\r\nde\r\nf\r\n0\r\n\r\n`.replace(
        'Host:',
        'Connection: close\r\nHost:',
      ),
    );
    expect(statuses(answer)).toHaveLength(1);
    expect(statuses(answer)[0]).not.toBe(413);
  });
  it('K06 a request declaring a Content-Length, whose body holds a huge hex line: read, not 413', async () => {
    const body = `x\r\n${HUGE}\r\n`;
    const answer = await answerTo(
      `POST /prod/orders HTTP/1.1\r\nHost: ${EXECUTE}\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect(statuses(answer)).toHaveLength(1);
    expect(statuses(answer)[0]).not.toBe(413);
  });
});
