// Every spokegate command shown in README.md and docs/ runs as written, from the repository root, and
// exits with the code its trailing `# exit N` comment promises. Commands run in this process through
// the CLI's main() (against an in-process sandbox where they need AWS), `run` and `check` too (the
// step definitions are loaded once per process: test/cli-in-process.ts).
// A block preceded by `<!-- readme-commands: run as one bash script -->` runs whole in bash (the
// sandbox-in-the-background pattern, the AWS CLI and curl); `<!-- readme-commands: not run (why) -->`
// marks a recipe that needs what a clone does not have (terraform, your AWS accounts);
// `<!-- readme-commands: output of COMMAND -->` marks a block that is COMMAND's stdout, as it prints
// it today (a `markdown` block as Prettier lays it out).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { findAws, findCurl, SKIP } from '../sandbox/interop/tools.js';
import { runCli } from '../cli-in-process.js';
import * as help from '../../src/cli/help.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FILES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const SHELL = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);
const COMMAND = /^(?:\$\s+)?(?:[A-Z_][A-Z0-9_]*=\S*\s+)*(?:npx\s+)?spokegate(?:\s|$)/;
const PROMISE = /#\s*exit\s+(\d)\b/;

interface Command {
  where: string;
  text: string;
  exit: number | null;
}
interface Script {
  where: string;
  text: string;
}
interface Output {
  where: string;
  command: string;
  info: string;
  text: string;
}
interface Block {
  where: string;
  info: string;
  marker: string | null;
  lines: { n: number; text: string }[];
}

function blocks(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const out: Block[] = [];
  let open: Block | null = null;
  let marker: string | null = null;
  lines.forEach((line, i) => {
    const fence = /^(\s*)(`{3,})\s*([\w-]*)/.exec(line);
    if (open) {
      if (fence && fence[3] === '') {
        out.push(open);
        open = null;
      } else open.lines.push({ n: i + 1, text: line });
      return;
    }
    if (fence) {
      open = { where: `${file}:${i + 1}`, info: fence[3]!, marker, lines: [] };
      marker = null;
      return;
    }
    const m = /^<!--\s*readme-commands:\s*(.+?)\s*-->$/.exec(line.trim());
    if (m) marker = m[1]!;
    else if (line.trim() !== '') marker = null;
  });
  return out;
}

/** Logical lines: a trailing backslash continues the line. */
type Line = { n: number; text: string };
function logical(lines: Line[]): Line[] {
  const out: Line[] = [];
  let open: Line | undefined;
  for (const l of lines) {
    const joined: Line = open ? { n: open.n, text: `${open.text} ${l.text.trim()}` } : l;
    if (/\\$/.test(joined.text.replace(/\s+#.*$/, ''))) {
      open = { n: joined.n, text: joined.text.replace(/\\\s*(#.*)?$/, '') };
    } else {
      out.push(joined);
      open = undefined;
    }
  }
  if (open) out.push(open);
  return out;
}

const commands: Command[] = [];
const scripts: Script[] = [];
const outputs: Output[] = [];
const problems: string[] = [];
for (const file of FILES) {
  for (const b of blocks(file)) {
    const cmds = logical(b.lines).filter((l) => COMMAND.test(l.text.trim()));
    if (b.marker?.startsWith('not run')) continue;
    if (b.marker === 'run as one bash script') {
      scripts.push({ where: b.where, text: b.lines.map((l) => l.text).join('\n') });
      continue;
    }
    if (b.marker?.startsWith('output of ')) {
      const text = b.lines.map((l) => l.text).join('\n');
      outputs.push({ where: b.where, command: b.marker.slice('output of '.length), info: b.info, text });
      continue;
    }
    if (b.marker) problems.push(`${b.where}: unknown marker "${b.marker}"`);
    if (!cmds.length) continue;
    if (b.info === 'text') continue; // a synopsis, not a command
    if (!SHELL.has(b.info)) {
      problems.push(
        `${b.where}: a spokegate command in a \`${b.info || 'untagged'}\` block: tag it sh (or text for a synopsis)`,
      );
      continue;
    }
    for (const c of cmds) {
      const exit = PROMISE.exec(c.text);
      if (!exit) problems.push(`${file}:${c.n}: \`${c.text.trim()}\` promises no exit code (add "# exit N")`);
      commands.push({ where: `${file}:${c.n}`, text: c.text.trim(), exit: exit ? Number(exit[1]) : null });
    }
  }
}

// The examples each --help ends with: commands too, run as written. They promise no exit code; each
// must be valid and finish (0 or 1). Left out: `sandbox` (serves until stopped), `--mode live`
// (needs your AWS accounts) and the placeholder `spokegate COMMAND --help`.
const helpExamples: Command[] = Object.entries(help)
  .flatMap(([name, h]) =>
    typeof h === 'object' && 'examples' in h
      ? h.examples.map((text) => ({ where: `${name}.examples`, text, exit: null }))
      : [],
  )
  .filter((c) => !/^spokegate (sandbox|COMMAND)\b|--mode live/.test(c.text));

/** Shell words of one command, up to a comment or redirection; `$` is refused (use a script block). */
function words(line: string): { env: Record<string, string>; argv: string[] } {
  const argv: string[] = [];
  let cur = '';
  let has = false;
  let q: '"' | "'" | null = null;
  const s = line.replace(/^\$\s+/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (q) {
      if (ch === q) q = null;
      else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      q = ch;
      has = true;
    } else if (ch === '$') throw new Error(`a variable in "${line}": put the command in a script block`);
    else if (/\s/.test(ch)) {
      if (has) argv.push(cur);
      cur = '';
      has = false;
    } else if ('#>|;&'.includes(ch)) break;
    else {
      cur += ch;
      has = true;
    }
  }
  if (has) argv.push(cur);
  const env: Record<string, string> = {};
  while (argv[0] && /^[A-Z_][A-Z0-9_]*=/.test(argv[0])) {
    const [k, ...v] = argv.shift()!.split('=');
    env[k!] = v.join('=');
  }
  if (argv[0] === 'npx') argv.shift();
  argv.shift(); // spokegate
  return { env, argv };
}

/** The environment without the shell's AWS settings: the commands must not reach a real account. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(AWS_|SPOKEGATE_CONNECT_TO)/.test(k)),
  );
}

let sandbox: Sandbox;
const tmp = mkdtempSync(join(tmpdir(), 'spokegate-readme-'));
beforeAll(async () => {
  sandbox = await startSandbox(join(ROOT, 'features', 'sandbox', 'world.yaml'));
});
afterAll(async () => {
  await sandbox?.close();
});

async function runCommand(c: Command): Promise<{ code: number | null; out: string; err: string }> {
  const { env: extra, argv } = words(c.text);
  const needsAws = argv[0] === 'call' || argv.join(' ').includes('--mode live');
  const env = { ...cleanEnv(), ...(needsAws ? sandbox.env : {}), ...extra };
  if (argv[0] === 'sandbox')
    throw new Error('`spokegate sandbox` serves until stopped: show it in a script block');
  // Reports go to a folder of this test's own, so parallel tests never share one.
  if ((argv[0] === 'run' || argv[0] === 'check') && !argv.includes('--reports'))
    argv.push('--reports', mkdtempSync(join(tmp, 'reports-')));
  const { code, out, err } = await runCli(argv, { cwd: ROOT, env });
  return { code, out, err };
}

describe('the commands in README.md and docs/', () => {
  it('are found, each in a shell block and with the exit code it gives', () => {
    expect(problems).toEqual([]);
    expect(commands.length).toBeGreaterThan(8);
    expect(scripts.length).toBeGreaterThan(0);
    expect(outputs.length).toBeGreaterThan(0);
    expect(helpExamples.length).toBeGreaterThan(10);
  });

  it.each(outputs.map((o) => [o.where, o] as const))(
    'the output shown at %s is what the command prints',
    async (_, o) => {
      const { out } = await runCommand({ where: o.where, text: o.command, exit: null });
      const printed = o.info === 'markdown' ? await format(out, { parser: 'markdown' }) : out;
      expect(`${o.text}\n`).toEqual(printed);
    },
    600_000,
  );

  const unique = [
    ...new Map(
      commands.filter((c) => c.exit !== null).map((c) => [c.text.replace(/\s+#.*$/, ''), c]),
    ).values(),
  ];
  it.each(unique.map((c) => [c.where, c] as const))(
    '%s runs and exits as promised',
    async (_, c) => {
      const r = await runCommand(c);
      expect({ command: c.text, code: r.code, stderr: r.code === c.exit ? '' : r.err }).toEqual({
        command: c.text,
        code: c.exit,
        stderr: '',
      });
    },
    600_000,
  );

  // Those the Markdown does not show already (with or without npx).
  const shown = new Set(unique.map((c) => c.text.replace(/^npx /, '').replace(/\s+#.*$/, '')));
  it.each(
    helpExamples.filter((c) => !shown.has(c.text.replace(/\s+#.*$/, ''))).map((c) => [c.text, c] as const),
  )(
    'the --help example `%s` runs (exit 0 or 1)',
    async (_, c) => {
      const r = await runCommand(c);
      expect({
        command: c.text,
        ok: r.code === 0 || r.code === 1,
        stderr: r.code === 0 || r.code === 1 ? '' : r.err,
      }).toEqual({
        command: c.text,
        ok: true,
        stderr: '',
      });
    },
    600_000,
  );

  it.each(scripts.map((s) => [s.where, s] as const))(
    'the script at %s runs in bash',
    (_, s) => {
      if (SKIP) return;
      findAws();
      findCurl();
      // Each spokegate line's exit code is checked; any other failing line stops the script.
      const body = logical(s.text.split('\n').map((text, n) => ({ n, text })))
        .map(({ text }) => {
          const exit = PROMISE.exec(text);
          if (!COMMAND.test(text.trim()) || !exit) return text;
          const cmd = text.replace(/\s+#.*$/, '');
          return `set +e; ${cmd}; rc=$?; set -e; [ "$rc" = ${exit[1]} ] || { echo "exit $rc, promised ${exit[1]}: ${cmd.replace(/["$`\\]/g, '')}" >&2; exit 99; }`;
        })
        .join('\n');
      const home = mkdtempSync(join(tmp, 'home-'));
      const script = `set -e\ntrap 'kill \${SPOKEGATE_SANDBOX_PID:-} $(jobs -p) 2>/dev/null || true' EXIT\n${body}\n`;
      const r = spawnSync('bash', ['-c', script], {
        cwd: ROOT,
        env: { ...cleanEnv(), TMPDIR: home, HOME: home, AWS_EC2_METADATA_DISABLED: 'true' },
        encoding: 'utf8',
        timeout: 600_000,
      });
      expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
      const out = r.stdout;
      expect(out).toContain('vpce-0123456789abcdef0');
    },
    600_000,
  ); // a bound for a hung script, not a speed requirement (the AWS CLI starts slowly)
});
