// Issue 10/14 (pass 18, lane A): offline, an API whose config states its `routes` but not its
// `stages` may have other stages, serving routes the config does not state (`routes` are the
// configured stage's). who-can analysed the configured stage and the stages the policies name
// literally, with a note that another stage may let others through: a hub open to anyone on
// `GET /secret` at every stage listed CheckoutRole alone (exit 0), since prod does not serve /secret.
// Hand-derived: any principal, an anonymous caller too, may reach GET /secret on a stage not stated;
// the answer must list such a class on a stand-in stage of unknown routes, saying what it stands for.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import { secretOpenConfig } from '../verdicts/docs-world.js';

/** The docs world: the hub opens GET /docs to CheckoutRole and GET /secret to anyone, at every stage. */
const config = (stages?: string): string =>
  secretOpenConfig('spokegate-who-can-unstated-stages-', stages ? `stages: ${stages}, ` : '');

interface Doc {
  classes: { description: string; stages: string[]; witness: { stage?: string; path: string } }[];
  stages: { api: string; stages: string[]; known: boolean; standIns?: string[] }[];
  notes: string[];
}
const whoCan = async (file: string) => {
  const r = await runCli(['who-can', '--config', file, '--json'], { cwd: join(file, '..') });
  return { code: r.code, text: r.text, doc: JSON.parse(r.out) as Doc };
};
const secret = (d: Doc) => d.classes.filter((c) => /GET\/secret|GET \/secret/.test(c.description));

describe("who-can over an API whose stages are not stated: another stage's routes are not known", () => {
  it('stages stated as [prod]: nobody reaches GET /secret (prod does not serve it; the control)', async () => {
    const r = await whoCan(config('[prod]'));
    expect(r.code, r.text).toBe(0);
    expect(secret(r.doc)).toEqual([]);
  });

  it('stages not stated: a stand-in stage of unknown routes, where anyone may reach GET /secret', async () => {
    const r = await whoCan(config());
    const classes = secret(r.doc);
    expect(classes.length, JSON.stringify(r.doc.classes.map((c) => c.description))).toBeGreaterThan(0);
    for (const c of classes) {
      expect(c.stages).not.toContain('prod');
      expect(c.description).toMatch(/^stage "\w+" \(standing for /);
    }
    const standIn = classes[0]!.stages[0]!;
    expect(r.doc.stages).toEqual([
      { api: 'docs', stages: ['prod', standIn], known: false, standIns: [standIn] },
    ]);
    expect(r.doc.notes.join('\n')).toMatch(
      /the stages of API "docs" are not known \(state them in apis\.docs\.stages\)/,
    );
  });
});
