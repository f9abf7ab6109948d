// Issue 12: Cucumber's own reports name the real files. Cucumber runs private copies of the features
// from a temporary folder; every path it writes (the features' and the step definitions' URIs in
// cucumber.ndjson, cucumber.html and cucumber.json) is relative to the working folder, as the user
// sees it, never to the temporary folder. Features outside the working folder (here in the config's
// folder, two levels up) are copies too. One real run of the built CLI.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, ROOT } from '../harness/helpers.js';
import { spokegateAsync } from './cli-async.js';

const base = mkdtempSync(join(tmpdir(), 'spokegate-cucumber-out-'));
const proj = join(base, 'proj');
// Deeper than the temporary folder: a path relative to it would differ from the user's.
const cwd = join(proj, 'ci', 'job', 'step');
const reports = join(cwd, 'reports');
let result: Awaited<ReturnType<typeof spokegateAsync>>;

beforeAll(async () => {
  cpSync(DEMO, proj, { recursive: true });
  writeFileSync(join(proj, 'hub.json'), readFileSync(join(ROOT, 'test/fixtures/iac/endpoint-before.json')));
  mkdirSync(cwd, { recursive: true });
  result = await spokegateAsync(
    [
      'check',
      '../../../endpoint.feature',
      '--config',
      '../../../spokegate.config.yaml',
      '--endpoint-policy',
      '../../../hub.json',
      '--reports',
      'reports',
    ],
    { cwd },
  );
});

const stepDefinitions = () => relative(cwd, join(ROOT, 'dist', 'step-definitions', 'steps.js'));

describe("Cucumber's reports name the files as the user sees them", () => {
  it('the run passes', () => {
    expect(result.code, result.stderr).toBe(0);
  });

  it('cucumber.ndjson: feature and step-definition URIs are relative to the working folder', () => {
    const messages = readFileSync(join(reports, 'cucumber.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const uris = new Set<string>();
    for (const m of messages) {
      if (m.source) uris.add(m.source.uri);
      if (m.pickle) uris.add(m.pickle.uri);
      if (m.stepDefinition) uris.add(m.stepDefinition.sourceReference.uri);
      if (m.hook) uris.add(m.hook.sourceReference.uri);
    }
    expect([...uris].sort()).toEqual(['../../../endpoint.feature', stepDefinitions()].sort());
  });

  it('cucumber.json: step locations name the step definitions relative to the working folder', () => {
    const doc = JSON.parse(readFileSync(join(reports, 'cucumber.json'), 'utf8'));
    expect(doc.map((f: { uri: string }) => f.uri)).toEqual(['../../../endpoint.feature']);
    const locations = doc.flatMap((f: any) =>
      f.elements.flatMap((e: any) => e.steps.map((s: any) => s.match?.location).filter(Boolean)),
    );
    expect(locations.length).toBeGreaterThan(0);
    for (const l of locations) expect(l).toMatch(new RegExp(`^${escape(stepDefinitions())}:\\d+$`));
  });

  it('cucumber.html: no path relative to the temporary folder', () => {
    const html = readFileSync(join(reports, 'cucumber.html'), 'utf8');
    // (includes(), not toContain(): a failure would print the whole page)
    expect(html.includes(`"uri":"${stepDefinitions()}"`)).toBe(true);
    expect(html.includes('"uri":"../../../endpoint.feature"')).toBe(true);
    const uris = [...html.matchAll(/"uri":"([^"]*)"/g)].map((m) => m[1]);
    for (const u of uris) expect([stepDefinitions(), '../../../endpoint.feature']).toContain(u);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
