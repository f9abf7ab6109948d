// Issue 12: an input file that is not valid UTF-8 is refused (exit 2) naming the file and the line,
// not decoded into U+FFFD (a feature's step, a policy's value or a config key silently changed).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { readInput, type InputKind } from '../../src/input/index.js';
import { runCli } from '../cli-in-process.js';
import { ROOT } from '../harness/helpers.js';

const dir = mkdtempSync(join(ROOT, 'reports', 'utf8-'));
const rel = (f: string) => f.slice(ROOT.length + 1);

/** Lines of text with raw bytes spliced into line `line` (1-based). */
function withBytes(lines: string[], line: number, bytes: number[]): Buffer {
  return Buffer.concat(
    lines.map((l, i) =>
      Buffer.concat([
        Buffer.from(l, 'utf8'),
        ...(i === line - 1 ? [Buffer.from(bytes)] : []),
        Buffer.from('\n'),
      ]),
    ),
  );
}

function refusal(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('invalid UTF-8 in an input file', () => {
  const kinds: InputKind[] = ['feature', 'config', 'world', 'policy', 'policy-source', 'plan', 'template'];
  // A Latin-1 "é", a lone continuation byte, a truncated 3-byte sequence, an overlong "/" and a
  // UTF-16 surrogate encoded in UTF-8: each is no UTF-8 (the WHATWG decoder would make U+FFFD).
  const bad: [string, number[]][] = [
    ['latin-1 é', [0xe9]],
    ['lone continuation', [0x80]],
    ['truncated', [0xe2, 0x82]],
    ['overlong', [0xc0, 0xaf]],
    ['surrogate', [0xed, 0xa0, 0x80]],
  ];
  // Every kind the one reader reads, each with one of the bad byte runs (all five are tried).
  kinds.forEach((kind, k) => {
    const [name, bytes] = bad[k % bad.length]!;
    it(`a ${kind} file with a ${name} byte is refused naming the file, line and column`, () => {
      const f = join(dir, `${kind}.txt`);
      writeFileSync(f, withBytes(['first line', 'sécond line', 'third ok'], 2, bytes));
      const e = refusal(() => readInput(f, kind, { shown: 'x.file' }));
      expect(e.where).toMatchObject({ file: 'x.file', line: 2 });
      expect(e.message).toMatch(/^x\.file: line 2: .*not valid UTF-8 \(byte 0x[0-9a-f]{2} at column 12\)/);
      expect(e.message).not.toContain('\uFFFD');
    });
  });
  it('valid UTF-8 (multi-byte, U+FFFD written as such, a BOM) is read as it is', () => {
    const f = join(dir, 'ok.txt');
    writeFileSync(f, '\uFEFFcafé — 東京 \uFFFD 😀\n');
    expect(readInput(f, 'feature')).toBe('café — 東京 \uFFFD 😀\n');
  });
  it('the CA bundle (from the environment, not the project) is not held to it', () => {
    const f = join(dir, 'ca.pem');
    writeFileSync(f, withBytes(['# Latin-1 comment', '-----BEGIN CERTIFICATE-----'], 1, [0xe9]));
    expect(() => readInput(f, 'ca', { anywhere: true })).not.toThrow();
  });

  it('spokegate check on such a feature is exit 2 naming feature:line', async () => {
    const feature = join(dir, 'latin1.feature');
    const text = readFileSync(join(ROOT, 'features', 'sandbox', 'endpoint.feature'), 'utf8').split('\n');
    const at = text.findIndex((l) => l.includes('Scenario')) + 1;
    writeFileSync(feature, withBytes(text, at, [0xe9]));
    const r = await runCli(
      [
        'check',
        rel(feature),
        '--endpoint-policy',
        'examples/endpoint-policy.json',
        '--reports',
        rel(join(dir, 'reports')),
      ],
      { cwd: ROOT },
    );
    expect(r.code, r.text).toBe(2);
    expect(r.err).toContain(`${rel(feature)}: line ${at}: `);
    expect(r.err).toMatch(/not valid UTF-8/);
  });
  it('spokegate lint on such a policy is exit 2 naming policy:line', async () => {
    const policy = join(dir, 'latin1.json');
    const text = readFileSync(join(ROOT, 'examples', 'endpoint-policy.json'), 'utf8').split('\n');
    writeFileSync(policy, withBytes(text, 3, [0xe9]));
    const r = await runCli(['lint', rel(policy)], { cwd: ROOT });
    expect(r.code, r.text).toBe(2);
    expect(r.err).toContain(`${rel(policy)}: line 3: `);
  });
});
