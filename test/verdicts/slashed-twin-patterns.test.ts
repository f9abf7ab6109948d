// Issue 10 (pass 18, lane A): who-can and the reach proofs ask each exact path a Resource names with
// a trailing slash too (fe66332: `GET /entries/` reaches the same method, and its resource ARN read as
// written escapes an exact-path Deny, §5c); diff asked such paths with its own copy of the rule, which
// read a `*` standing for the stage (`execute-api:/*/GET/entries`), where the analysis's copy read only
// a literal stage or a `?` in the method. Both now use one rule (slashedPaths, src/analysis), the union
// of the two, with diff's recorded outputs unchanged. These rows hold who-can to every form (all four
// passed before too: the like-pattern regions found the slashed path; now it is asked by name).
// Hand-derived on the eleventh auditor world: edge lets everyone through; ledger (stage prod, routes
// GET /, GET /entries, POST /entries) lets everyone in but refuses principals outside o-eleven0org on
// each route by exact path. An outsider's `GET /entries/` (or `POST /entries/`) is matched by none of
// the Deny's patterns as written (each ends in `entries`), so it gets through in that reading: who-can
// names outsiders there, allowed in one reading only; so is `GET //` (the root with an empty segment
// after the stage, which the exact Deny of `…/GET/` does not match as written; asked since 2026-12-03).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import * as kit from './auditor-world.js';

const ROWS: [string, string[]][] = [
  ['the stage and method named (the control)', ['/prod/GET/', '/prod/GET/entries', '/prod/POST/entries']],
  ['any stage', ['/*/GET/', '/*/GET/entries', '/*/POST/entries']],
  ['any stage and method', ['/*/GET/', '/*/*/entries']],
  ['a method matched by ?', ['/prod/GET/', '/prod/GE?/entries', '/prod/POS?/entries']],
];

describe('who-can asks the trailing-slash twin of an exact path whatever the stage and method patterns', () => {
  it.each(ROWS)(
    '%s: the outsiders’ class on a path ending in /, allowed as written only',
    async (_what, paths) => {
      const dir = kit.auditor11DenyingOutsidersOn('slashed-twin', paths);
      const config = join(dir, 'spokegate.config.yaml');
      const r = await runCli(
        ['who-can', '--config', config, '--api', 'ledger', '--endpoint', 'edge', '--json'],
        {
          cwd: dir,
        },
      );
      expect(r.code, r.err).toBe(0);
      const outsiders = (JSON.parse(r.out).classes as any[]).filter(
        (c) => c.witness.principal.orgId !== 'o-eleven0org',
      );
      expect(outsiders.length, r.out.slice(0, 2000)).toBeGreaterThan(0);
      for (const c of outsiders) {
        expect(c.witness.path, c.description).toMatch(/^\/(?:entries\/|\/)$/);
        expect(c.ifPathReading, c.description).toBe('as-written');
      }
    },
  );
});
