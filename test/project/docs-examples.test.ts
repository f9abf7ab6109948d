// What docs/ shows besides commands is true of today's code: the config and world examples load,
// every example step of docs/scenarios.md is a sentence of the vocabulary (and every sentence has
// its example there), every option each command's --help lists is in docs/cli.md, and every link
// leads to a file that exists (and a heading of it).
// (The commands themselves and their outputs: readme-commands.test.ts.)
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseWorld } from '../../src/config/index.js';
import { allPatterns } from '../../src/harness/vocabulary.js';
import { main } from '../../src/cli/main.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const blocks = (file: string, info: string) =>
  [...read(file).matchAll(new RegExp(`^\`\`\`${info}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1]!);

describe('docs/config.md and docs/world.md', () => {
  it("config.md's example is a config spokegate loads", () => {
    const [example] = blocks('docs/config.md', 'yaml');
    const dir = mkdtempSync(join(tmpdir(), 'spokegate-docs-'));
    writeFileSync(join(dir, 'spokegate.config.yaml'), example!);
    const config = loadConfig(join(dir, 'spokegate.config.yaml'));
    expect(Object.keys(config.roles)).toEqual(['CheckoutRole', 'AuditRole']);
  });

  it("world.md's example is a world the sandbox loads (with the policy file it names)", () => {
    const [example] = blocks('docs/world.md', 'yaml');
    const dir = mkdtempSync(join(tmpdir(), 'spokegate-docs-'));
    mkdirSync(join(dir, 'policies'));
    writeFileSync(
      join(dir, 'policies', 'orders-resource-policy.json'),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
      }),
    );
    const world = parseWorld(parse(example!), { file: join(dir, 'world.yaml'), dir });
    expect(Object.keys(world.apis)).toEqual(['orders']);
  });
});

describe('docs/scenarios.md', () => {
  const text = read('docs/scenarios.md');
  // Every `Given|When|Then …` the page shows, in its tables and its Gherkin examples.
  const shown = [
    ...[...text.matchAll(/`((?:Given|When|Then) [^`]+)`/g)].map((m) => m[1]!),
    ...blocks('docs/scenarios.md', 'gherkin').flatMap((b) =>
      b.split('\n').filter((l) => /^\s*(Given|When|Then) /.test(l)),
    ),
  ].map((s) => s.trim());
  // Placeholders (ROLE, METHOD, "LEVEL") are the synopsis column, not examples.
  const examples = shown.filter((s) => !/\b(ROLE|API|ENDPOINT|METHOD|PATH|FILE|CODE|LEVEL)\b/.test(s));

  it('every example step is a sentence spokegate understands', () => {
    expect(examples.length).toBeGreaterThan(15);
    const unknown = examples.filter((s) => {
      const [keyword, ...rest] = s.split(' ');
      return !allPatterns.some((p) => p.keyword === keyword && p.pattern.test(rest.join(' ')));
    });
    expect(unknown).toEqual([]);
  });

  it('every sentence of the vocabulary has its example on the page', () => {
    expect(allPatterns.filter((p) => !examples.includes(p.example)).map((p) => p.example)).toEqual([]);
  });
});

describe('docs/cli.md', () => {
  const COMMANDS = ['run', 'check', 'call', 'evaluate', 'diff', 'who-can', 'lint', 'sandbox'];
  const doc = read('docs/cli.md');
  // Options every command takes, documented once at the top of the page.
  const EVERYWHERE = ['--root', '--allow-outside-root', '--help'];

  it.each(COMMANDS)('every option of `%s --help` is in its synopsis and its section', async (name) => {
    let help = '';
    await main([name, '--help'], { out: (t) => void (help += t), err: () => {}, env: {}, cwd: ROOT });
    // Each long option, with its short form where it has one (the synopsis may show either).
    const options = [...help.matchAll(/^ {2}(?:(-\w), )?(--[\w-]+)/gm)].map((m) =>
      m[1] ? `(?:${m[1]}|${m[2]})` : m[2]!,
    );
    expect(options.length).toBeGreaterThan(2);
    const synopsis = /```text\n([\s\S]*?)```/.exec(doc)![1]!;
    const own = synopsis.split(/\n(?=spokegate )/).find((l) => l.startsWith(`spokegate ${name} `))!;
    const section = doc.split(/\n## /).find((s) => s.startsWith(`\`spokegate ${name}`))!;
    const missing = options
      .filter((o) => !EVERYWHERE.some((e) => o.endsWith(e) || o.endsWith(`${e})`)))
      .flatMap((o) => [
        ...(new RegExp(`${o}(?![\\w-])`).test(own) ? [] : [`${o} (synopsis)`]),
        ...(new RegExp(`${o}(?![\\w-])`).test(section) ? [] : [`${o} (section)`]),
      ]);
    expect(missing).toEqual([]);
    for (const o of EVERYWHERE.slice(0, 2)) expect(doc).toContain(`\`${o}`);
  });
});

describe('links in README.md and docs/', () => {
  const FILES = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
  const anchors = (file: string) =>
    read(file)
      .split('\n')
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) =>
        l
          .replace(/^#+ /, '')
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s_-]/gu, '')
          .replace(/\s/g, '-'),
      );

  it.each(FILES)('every relative link in %s leads to a file, and its #anchor to a heading there', (file) => {
    const broken: string[] = [];
    // Outside code blocks only: a block shows text, not links.
    const prose = read(file).replace(/^```[\s\S]*?^```$/gm, '');
    for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [path, anchor] = target!.split('#');
      const to = path ? relative(ROOT, resolve(ROOT, dirname(file), path)) : file;
      if (!existsSync(join(ROOT, to))) broken.push(`${target}: no ${to}`);
      else if (anchor && !anchors(to).includes(anchor))
        broken.push(`${target}: no heading #${anchor} in ${to}`);
    }
    expect(broken).toEqual([]);
  });
});
