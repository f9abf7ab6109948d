// One clock for the analysis (note10 §14: "outputs with aws:TokenIssueTime are not byte-stable
// across runs (witnesses carry now)"). A witness of credentials whose issue time no policy date
// splits, or of a clock no date splits, carried the instant the analysis happened to read, so two
// runs of who-can or diff printed different bytes. Now who-can and diff read `--now` (an instant)
// or, by default, the start of the run's UTC day; the engine reads the same clock for a request
// that does not say its time or issue time, so classes and decisions agree (docs/cli.md).
import { describe, expect, it } from 'vitest';
import { analysisNow, whoCan } from '../../src/analysis/index.js';
import { runCli } from '../cli-in-process.js';
import { allow, checkoutAnd, deny, ANYONE, of555 } from './hidden-style.js';
import { INVOKE, ordersWhoCanArgs } from './helpers.js';
import { cli, CONFIG, policyFile } from '../diff/helpers.js';

const NOW = '2026-12-02T00:00:00Z';
/** A grant to 555555555555 for temporary credentials only: no date splits their issue time. */
const STATEMENTS = [
  { Sid: 'Of555', Effect: 'Allow', Principal: { AWS: '555555555555' }, Action: INVOKE, Resource: '*' },
  {
    Sid: 'NoLongTermKeys',
    Effect: 'Deny',
    Principal: '*',
    Action: INVOKE,
    Resource: '*',
    Condition: { Null: { 'aws:TokenIssueTime': 'true' } },
  },
];

describe('one clock for who-can and diff', () => {
  it('who-can --now twice: the same bytes, the witnesses issued at that instant', async () => {
    const { dir, args } = ordersWhoCanArgs('sg-clock-', STATEMENTS);
    const [a, b] = [
      await runCli([...args, '--json', '--now', NOW], { cwd: dir }),
      await runCli([...args, '--json', '--now', NOW], { cwd: dir }),
    ];
    expect(a.code, a.err).toBe(0);
    expect(b.out).toBe(a.out);
    const issued = [...a.out.matchAll(/"issuedAt": "([^"]+)"/g)].map((m) => m[1]);
    expect(issued.length).toBeGreaterThan(0);
    expect(new Set(issued)).toEqual(new Set(['2026-12-02T00:00:00.000Z']));
  });

  it('diff --now twice: the same bytes', async () => {
    const before = policyFile(STATEMENTS[0]!, 'clock-before.json');
    const after = policyFile(
      { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: '*' },
      'clock-after.json',
    );
    const run = () =>
      cli([
        'diff',
        '--before',
        before,
        '--after',
        after,
        '--config',
        CONFIG,
        '--format',
        'json',
        '--now',
        NOW,
      ]);
    const [a, b] = [await run(), await run()];
    expect(a.code, a.err).toBe(1);
    expect(b.out).toBe(a.out);
  });

  it('by default, the start of the run’s UTC day', () => {
    expect(analysisNow(undefined, new Date('2026-12-02T13:45:12.345Z'))).toBe('2026-12-02T00:00:00.000Z');
    expect(analysisNow(undefined, new Date('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31T00:00:00.000Z');
    expect(analysisNow('2026-12-02T10:00:00+02:00')).toBe('2026-12-02T08:00:00.000Z');
  });

  it.each([['yesterday'], ['2026-13-40T00:00:00Z'], ['']])('--now %j: exit 2 naming --now', async (bad) => {
    const { dir, args } = ordersWhoCanArgs('sg-clock-', STATEMENTS);
    const r = await runCli([...args, '--now', bad], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--now: .* is not an instant; give one as 2026-12-02T00:00:00Z/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('"later than now" is later than the clock: a date after --now is a class of its own', () => {
    const world = (now: string) => ({
      ...checkoutAnd(
        allow('Fresh', of555, { DateGreaterThan: { 'aws:TokenIssueTime': '2026-06-01T00:00:00Z' } }),
        deny('Nothing', ANYONE, { Bool: { 'aws:SecureTransport': 'false' } }),
      ),
      now,
    });
    const later = (now: string) =>
      whoCan(world(now)).classes.filter((c) => /later than now/.test(c.description)).length;
    expect(later('2026-01-01T00:00:00Z')).toBeGreaterThan(0);
    expect(later(NOW)).toBe(0);
  });

  it('"later than now" names the clock: by default the start of the day, when credentials issued since may exist', () => {
    // A policy date later today (pass 15, note11 §14 item 3): at the default clock (00:00 UTC) the
    // class of credentials issued after 10:00 read "no such credentials yet" though, run at 14:00,
    // some exist. The words name the instant they are "later" than, and the note says it is the
    // start of the day without --now.
    const who = whoCan({
      ...checkoutAnd(
        allow('Today', of555, { DateGreaterThan: { 'aws:TokenIssueTime': '2026-12-02T10:00:00Z' } }),
      ),
      now: analysisNow(undefined, new Date('2026-12-02T14:00:00Z')),
    });
    const later = who.classes.filter((c) => /later than now/.test(c.description));
    expect(later.length).toBeGreaterThan(0);
    for (const c of later) {
      expect(c.description).toContain(
        '(later than now, 2026-12-02T00:00:00.000Z: none issued by then; issued later, they get through)',
      );
      expect(c.description).not.toMatch(/no such credentials yet/);
    }
    expect(who.notes.join('\n')).toMatch(
      /later than now \(2026-12-02T00:00:00\.000Z: --now, else the start of the run's UTC day, so credentials issued since then may exist already\)/,
    );
  });
});
