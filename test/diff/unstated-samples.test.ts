// Issue 10 (pass 17, lane A, note13 "sample values per side"): a cell whose decision depends on a
// fact the config does not state (here the roles' tags) is decided over sample values of it, taken
// from each side's own policies; the two sides' readings were then labelled by different samples,
// not paired, and compared by their spans alone (fail closed: some reading may gain). Hand-derived:
// the endpoint lets in callers tagged team=a; the change adds a Deny of team=b. A caller tagged b was
// refused before (no Allow) and after (the Deny); a, absent or any other value answer as before: no
// access changes, yet all 28 cells were "may be new" (exit 1 under --fail-on grant). Sampled over
// both sides' policies, the readings pair up value by value. The guards: moving the Allow from a to
// b gains (team=b) and loses (team=a); a Deny of a alone only loses.
import { describe, expect, it } from 'vitest';
import { computeDiff, diffExitCode, loadDiffSetup } from '../../src/diff/index.js';
import { fixtureConfig, loadEdited, ORGANIZATIONS, tmpFile } from './helpers.js';

const team = (effect: string, value: string) => ({
  Effect: effect,
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: '*',
  Condition: { StringEquals: { 'aws:PrincipalTag/team': value } },
});
const policy = (name: string, ...statements: object[]) =>
  tmpFile(name, JSON.stringify({ Version: '2012-10-17', Statement: statements }));
const config = loadEdited(fixtureConfig(ORGANIZATIONS));
const diff = (before: object[], after: object[]) =>
  computeDiff(
    loadDiffSetup(config, { before: policy('b.json', ...before), after: policy('a.json', ...after) }),
  );
const kinds = (r: ReturnType<typeof diff>) => [...new Set(r.changes.map((c) => c.unknownChange))];

describe("diff cells over unstated tags: both sides' readings over the same samples", () => {
  it('a Deny of team=b beside the Allow of team=a changes nothing (was 28 cells "may be new", exit 1)', () => {
    const r = diff([team('Allow', 'a')], [team('Allow', 'a'), team('Deny', 'b')]);
    expect(r.changes.map((c) => `${c.role} ${c.api} ${c.unknownChange}`)).toEqual([]);
    expect(diffExitCode(r, 'grant')).toBe(0);
  });

  it('the Allow moved from team=a to team=b: may be new (a grant, exit 1)', () => {
    const r = diff([team('Allow', 'a')], [team('Allow', 'b')]);
    expect(r.changes).toHaveLength(28);
    expect(kinds(r)).toEqual(['may-be-new']);
    expect(diffExitCode(r, 'grant')).toBe(1);
  });

  it('a Deny of team=a: may be lost only (no grant, exit 0 under --fail-on grant)', () => {
    const r = diff([team('Allow', 'a')], [team('Allow', 'a'), team('Deny', 'a')]);
    expect(r.changes).toHaveLength(28);
    expect(kinds(r)).toEqual(['may-be-lost']);
    expect(diffExitCode(r, 'grant')).toBe(0);
  });
});
