// Issue 12, finding 3: the pull-request comment and the terminal cannot be rewritten by the input.
// Names from the config carry HTML comments, pipes, backticks, @-mentions and #-references (a config
// name holding a control or bidi character is refused outright), Sids from the policies newlines,
// ANSI escape sequences and a right-to-left override; the Markdown keeps every row, pings nobody and
// links nothing; text output shows the controls instead of obeying them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-in-process.js';
import {
  escapeHtml,
  escapeMarkdown,
  excerpt,
  htmlName,
  markdownCode,
  neutralise,
} from '../../src/escape/index.js';

const dir = mkdtempSync(join(tmpdir(), 'spokegate-output-'));
const RLO = '\u202e';
const ESC = '\u001b';
const HOSTILE_SID = `Allow${RLO}llA${ESC}[31m`;
const ROLES: Record<string, string> = {
  'Ping @team': 'arn:aws:iam::111111111111:role/One',
  'Link #123': 'arn:aws:iam::111111111111:role/Two',
  'Hide <!--': 'arn:aws:iam::111111111111:role/Three',
  'Pipe | cell': 'arn:aws:iam::111111111111:role/Four',
  'Tick ` tock': 'arn:aws:iam::111111111111:role/Five',
};

function writeConfig(roles: Record<string, string>, file = 'spokegate.config.yaml'): void {
  const config = [
    'region: us-west-2',
    'endpoints:',
    "  hub: { id: vpce-0123456789abcdef0, account: '111111111111' }",
    'roles:',
    ...Object.entries(roles).map(([k, arn]) => `  ${JSON.stringify(k)}: { arn: '${arn}' }`),
    'apis:',
    "  orders: { id: a1b2c3d4e5, account: '111111111111', stage: prod }",
  ].join('\n');
  writeFileSync(join(dir, file), config + '\n');
}

function setup(): string[] {
  writeConfig(ROLES);
  const policy = (sid: string | undefined, allow: boolean) => ({
    Version: '2012-10-17',
    Statement: [
      {
        ...(sid ? { Sid: sid } : {}),
        Effect: allow ? 'Allow' : 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: '*',
      },
    ],
  });
  writeFileSync(join(dir, 'before.json'), JSON.stringify(policy('Before', false)));
  writeFileSync(join(dir, 'after.json'), JSON.stringify(policy(HOSTILE_SID, true)));
  return ['diff', '--before', 'before.json', '--after', 'after.json', '--config', 'spokegate.config.yaml'];
}

/** Markdown with its code spans removed. */
const outsideCode = (md: string): string => md.replace(/(?<!\\)(`+)[^`][\s\S]*?\1/g, '');

/** The rows of the "New access" table (after its header and separator, up to the first other line). */
function newAccessRows(md: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| Role | API | Request |'));
  const rows: string[] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(l);
  }
  return rows;
}

const cli = (args: string[]) => runCli(args, { cwd: dir });

describe('Markdown output (finding 3)', () => {
  it('diff --format md keeps every row of "New access" and pings, links and hides nothing', async () => {
    const r = await cli([...setup(), '--format', 'md']);
    expect(r.code, r.err).toBe(1);
    const rows = newAccessRows(r.out);
    expect(rows).toHaveLength(Object.keys(ROLES).length);
    for (const row of rows) expect(row.match(/(?<!\\)\|/g), row).toHaveLength(5); // 4 cells, no extra pipe
    expect(r.out).not.toContain('<!--');
    expect(r.out).not.toMatch(/(^|[^\\])@team/);
    expect(r.out).not.toMatch(/(^|[^\\&])#123/);
    expect(r.out).not.toContain(RLO);
    expect(r.out).not.toContain(ESC);
    expect(r.out).toContain('Allow\\u202e'); // the Sid is there, its controls shown
  });

  it('diff --format text shows ANSI and bidi controls instead of obeying them', async () => {
    const r = await cli([...setup(), '--format', 'text']);
    expect(r.out).not.toContain(ESC);
    expect(r.out).not.toContain(RLO);
    expect(r.out).toContain('\\u202e');
  });

  it.each([
    ['an ANSI escape', `Red ${ESC}[31mred`, /U\+001B/],
    ['a right-to-left override', `A${RLO}elorTsetuoR`, /U\+202E/],
  ])(
    'a config alias holding %s is refused (exit 2 naming the field), never printed',
    async (_, alias, code) => {
      setup();
      writeConfig({ ...ROLES, [alias]: 'arn:aws:iam::111111111111:role/Six' }, 'hostile.yaml');
      const r = await cli([
        'diff',
        '--before',
        'before.json',
        '--after',
        'after.json',
        '--config',
        'hostile.yaml',
      ]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(code);
      expect(r.err).toMatch(/hostile\.yaml: line \d+: roles\./);
      expect(r.out + r.err).not.toContain(alias);
    },
  );

  it('a Sid with a newline and an HTML comment cannot hide the rows after it', async () => {
    setup();
    writeFileSync(
      join(dir, 'after-sid.json'),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'A\n<!--', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
        ],
      }),
    );
    const r = await cli([
      'diff',
      '--before',
      'before.json',
      '--after',
      'after-sid.json',
      '--config',
      'spokegate.config.yaml',
      '--format',
      'md',
    ]);
    // The engine may refuse the Sid (AWS does); if it takes it, it must not break the comment.
    if (r.code === 2) return expect(r.err).toMatch(/Sid/);
    // Inside a code span `<!--` is text; outside one it would open a comment that hides the rest.
    expect(outsideCode(r.out), r.out).not.toContain('<!--');
    const rows = newAccessRows(r.out);
    expect(rows).toHaveLength(Object.keys(ROLES).length);
  });
});

describe('the one escaper', () => {
  it('escapeMarkdown: one line, no HTML, no mentions, no references, no table breaks', () => {
    const s = escapeMarkdown('a\n<!--|`x` @team #1 [l](u) \u202e\u001b[1m');
    // eslint-disable-next-line no-control-regex
    expect(s).not.toMatch(/\n|<!--|(?<!\\)\||(?<!\\)`|@team|(?<!&)#1|\u202e|\u001b/);
  });
  // Issue 12 (pass 17): GitHub links bare URLs (`https://`, `http://`, `www.`), emails, @-mentions
  // and #-references in the rendered text, after entities and backslashes are read
  // (github/cmark-gfm#181: `&#64;github` and `&#35;181` still mention and reference; the GFM
  // autolinks extension). What GitHub's filters see is the text with entities decoded: none of
  // those may be in it (docs/aws-behaviour.md §48).
  const rendered = (md: string) =>
    md
      .replace(/\\([!-/:-@[-`{-~])/g, '$1')
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
      .replace(/&(amp|lt|gt|quot);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[e]!);
  it.each([
    ['https://evil.example/x', /https?:\/\//i],
    ['HTTP://evil.example', /https?:\/\//i],
    ['ftp://evil.example', /ftp:\/\//i],
    ['see www.evil.example now', /www\./i],
    ['WWW.evil.example', /www\./i],
    ['_www.evil.example_ and (www.x.example)', /www\./i],
    ['*https://evil.example*', /https?:\/\//i],
    ['ops@evil.example', /[\w.+-]@[\w-]/],
    ['mailto:ops@evil.example', /[\w.+-]@[\w-]/],
    ['cc @team', /@[a-z0-9]/i],
    ['&#64;team', /@[a-z0-9]/i],
    ['fixes #1', /#\d/],
    ['org/repo#12', /#\d/],
  ])('escapeMarkdown(%j) renders with no autolink, mention or reference', (data, link) => {
    const md = escapeMarkdown(data);
    expect(rendered(md)).not.toMatch(link);
    // Still reads as the data: only an invisible zero-width space is added.
    expect(rendered(md).replace(/\u200b/g, '')).toBe(data);
  });

  it('markdownCode cannot be closed by a backtick in the data', () => {
    expect(markdownCode('a`b|c')).toBe('``a`b\\|c``');
    expect(markdownCode('`x')).toBe('`` `x ``');
    expect(markdownCode('GET /')).toBe('`GET /`');
  });
  it('neutralise keeps lines, shows controls', () => {
    expect(neutralise('a\n\u001b[31mb\u202e')).toBe('a\n\\u001b[31mb\\u202e');
  });
  it('excerpt is one short line', () => {
    expect(excerpt('x'.repeat(500))).toHaveLength(80);
    expect(excerpt('a\nb')).toBe('a\\nb');
  });
  it('HTML: escaped, bidi shown, long names capped with the full value in a tooltip', () => {
    expect(escapeHtml(`<b>${RLO}`)).toBe('&lt;b&gt;\\u202e');
    const long = 'R'.repeat(500);
    const h = htmlName(long);
    expect(h).toContain(`title="${long}"`);
    expect(h).toContain('…');
    expect(h.replace(/title="[^"]*"/, '')).not.toContain(long);
  });
});
