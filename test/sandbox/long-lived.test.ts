// Issue 12, finding 6: a sandbox that lives long. Expired sessions are pruned, so memory stays flat
// over 100,000 AssumeRole sessions (heap growth measured after a full GC, never a time); CONNECT and
// Upgrade requests get an answer and a clean close instead of a dropped connection.
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorld } from '../../src/config/world.js';
import { SandboxState, startSandbox } from '../../src/sandbox/index.js';
import { DEMO } from '../harness/helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe('sessions of a long-lived sandbox', () => {
  it('memory stays flat over 100,000 AssumeRole sessions as they expire', () => {
    const state = new SandboxState(loadWorld(join(DEMO, 'world.yaml')), 1);
    const role = [...state.roles.values()][0]!;
    const issue = (n: number) => {
      for (let i = 0; i < n; i++) {
        state.issueSession(role, `session-${i % 50}`, 900);
        // The sandbox clock runs on: every 1,000 sessions, two hours pass (15-minute sessions).
        if (i % 1000 === 999) state.clockOffsetMs += 2 * 3_600_000;
      }
    };
    issue(10_000); // warm up: the structures reach their steady size
    const before = heapAfterGc();
    issue(100_000);
    const growthMb = (heapAfterGc() - before) / 1024 / 1024;
    // Unpruned, 100,000 sessions hold about 150 MB (a 420-character token and a caller each).
    expect(growthMb).toBeLessThan(20);
    expect(state.sessionCount).toBeLessThanOrEqual(3000);
    expect(state.issuedSecrets().length).toBeLessThanOrEqual(20_000);
  });

  it('a session just expired is still known (ExpiredToken), one long expired is not', () => {
    const state = new SandboxState(loadWorld(join(DEMO, 'world.yaml')), 1);
    const role = [...state.roles.values()][0]!;
    const s = state.issueSession(role, 'early', 900);
    state.clockOffsetMs += 901_000;
    state.pruneExpired();
    expect(state.lookup(s.credentials.accessKeyId)).toEqual({ expired: true });
    state.clockOffsetMs += 2 * 3_600_000;
    state.pruneExpired();
    expect(state.lookup(s.credentials.accessKeyId)).toBeUndefined();
  });
});

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (d) => (got += d.toString()));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

describe('every request gets an answer or a clean close', () => {
  it('CONNECT and Upgrade are answered 405 and closed', async () => {
    const sandbox = await startSandbox(join(DEMO, 'world.yaml'), { http: true });
    try {
      const port = Number(new URL(sandbox.url).port);
      const c = await rawRequest(port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
      expect(c).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
      const u = await rawRequest(
        port,
        'GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
      );
      expect(u).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    } finally {
      await sandbox.close();
    }
  });
});
