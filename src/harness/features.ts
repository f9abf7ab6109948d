// Checks features before anything runs: every step must be in the vocabulary and every alias it
// names must be in the config. Errors name the feature file and line, so an auditor can fix them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import parseTagExpression from '@cucumber/tag-expressions';
import {
  IdGenerator,
  type GherkinDocument,
  type Scenario,
  type Step,
  type TableRow,
  type Tag,
} from '@cucumber/messages';
import { unsignableUser, type Config } from '../config/index.js';
import { readText } from '../config/index.js';
import { closest, unknownAlias } from '../suggest.js';
import { InfraError, InputError } from '../errors.js';
import { isAccountId, isRoleArn } from '../identifiers/index.js';
import { excerpt, hiddenCharacter } from '../escape/index.js';
import {
  lineColumn,
  mayQuote,
  readInput,
  walkInputs,
  formatCount,
  MAX_CALLS,
  MAX_SCENARIOS,
  MAX_STEPS,
  MAX_TAGS_PER_SCENARIO,
  MAX_TAG_EXPRESSION,
} from '../input/index.js';
import { allPatterns, vocabulary, type AliasKind, type StepPattern } from './vocabulary.js';
import type { PlannedRoute } from './routes.js';
import { regionProblem } from '../routes/index.js';
import type { StepPolicyFile } from './policies.js';

/** What the features will need once they run, found by reading them before anything runs. */
export interface FeatureNeeds {
  /** The calls the steps make (API, method, path, where written), for the route check. */
  calls: PlannedRoute[];
  /** The policy files steps read ("is read from FILE"), read before any scenario runs. */
  policyFiles: StepPolicyFile[];
}

/**
 * Expand files and folders into the sorted list of .feature files. Walks stay inside the project
 * and survive link loops; a broken link, a FIFO or a link out of the project is exit 2 naming it.
 */
export function findFeatureFiles(paths: string[], cwd: string): string[] {
  return walkInputs(
    paths.map((p) => resolve(cwd, p)),
    '.feature',
    'feature',
    (abs) => relative(cwd, abs) || abs,
  );
}

/**
 * Cucumber reads feature files by their paths, after they were checked: a file swapped since (for
 * a link to a secret) would run unchecked and be quoted in Cucumber's parse error. It is given
 * private copies of exactly the texts checked instead, every one of them, at the same paths
 * relative to the folder Cucumber runs from as the features have relative to the working folder,
 * so scenario locations in the reports stay the user's. A feature outside the working folder
 * (`../x.feature`) is copied too: Cucumber runs from a folder nested as deep in the temporary folder
 * as the furthest `..` needs.
 */
export class FeatureCopies {
  #dir: string | undefined;
  readonly #copies = new Map<string, string>();
  /** How many folders up (`..`) the furthest feature is from the working folder. */
  readonly #depth: number;

  constructor(
    readonly cwd: string,
    files: readonly string[],
  ) {
    this.#depth = Math.max(0, ...files.map((f) => upwards(relative(cwd, f))));
  }

  /** The temporary folder holding the copies (created with the first copy). */
  get dir(): string {
    this.#dir ??= mkdtempSync(join(tmpdir(), 'spokegate-features-'));
    return this.#dir;
  }

  /** The folder Cucumber runs from: as many levels inside `dir` as the furthest `..` climbs. */
  get runDir(): string {
    const run = join(this.dir, ...Array<string>(this.#depth).fill('cwd'));
    mkdirSync(run, { recursive: true });
    return run;
  }

  /** Keep a private copy of a feature's text as checked: written now, never held in memory. */
  add(abs: string, text: string): void {
    const rel = relative(this.cwd, abs);
    // Cucumber expands braces in its paths before any escape applies: `{a,b}.feature` would run
    // other files or none. Such a name is refused rather than run as something else.
    if (/[{}]/.test(rel))
      throw new InputError(
        'a feature file name may not contain "{" or "}" (Cucumber reads it as a pattern)',
        {
          file: rel,
        },
      );
    const copy = join(this.runDir, rel);
    // Never written outside the temporary folder, whatever the path (a feature on another root).
    const inside = relative(this.dir, copy);
    if (inside.startsWith('..') || isAbsolute(inside))
      throw new InfraError(`cannot place the private copy of ${abs} in ${this.dir}`);
    try {
      mkdirSync(dirname(copy), { recursive: true });
      writeFileSync(copy, text, { mode: 0o600 });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      throw new InfraError(`cannot write the private copy of a feature in ${this.dir} (${code})`);
    }
    this.#copies.set(abs, copy);
  }

  /** What Cucumber is given for each file: its copy, never the file itself. */
  paths(files: string[]): string[] {
    return files.map((f) => {
      const copy = this.#copies.get(f);
      if (!copy) throw new InfraError(`feature ${f} was not checked: it has no private copy`);
      return copy;
    });
  }

  dispose(): void {
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** How many `..` a relative path starts with. */
function upwards(rel: string): number {
  let n = 0;
  for (const part of rel.split(sep)) {
    if (part !== '..') break;
    n++;
  }
  return n;
}

export function parseFeature(file: string, text = readText(file, 'feature')): GherkinDocument {
  const parser = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher());
  try {
    return parser.parse(text);
  } catch (e) {
    // Gherkin messages look like "(12:3): expected: ..., got '<the line>'", after a "Parser errors:"
    // line when there are several: name the first located one. The line it quotes is input: shown
    // as a short sanitised excerpt, and only for a file inside the project.
    const lines = (e as Error).message.split('\n').map((l) => l.trim());
    const msg = lines.find((l) => /^\(\d+:\d+\): /.test(l)) ?? lines[0] ?? 'invalid Gherkin';
    const m = /^\((\d+):\d+\): (.*)$/s.exec(msg);
    const line = m ? Number(m[1]) : undefined;
    if (!mayQuote(file)) throw new InputError('invalid Gherkin', { file, line });
    const reason = (m ? m[2]! : msg).replace(
      /, got '(.*)'$/s,
      (_, got: string) => `, got '${excerpt(got, 60)}'`,
    );
    throw new InputError(excerpt(reason, 300), { file, line });
  }
}

/**
 * Validate every step of every feature against the vocabulary and the config's aliases; return the
 * calls the steps make and the policy files they read, so both are checked before anything runs.
 */
export function checkFeatures(
  files: string[],
  config: Config,
  cwd: string,
  /** Called with each file's text as checked. */
  onChecked?: (abs: string, text: string) => void,
  /** Calls are signed (sandbox, live): a caller must be a role spokegate can assume, not a user. */
  signed = false,
): FeatureNeeds {
  const needs: FeatureNeeds = { calls: [], policyFiles: [] };
  const total = { scenarios: 0, steps: 0, calls: 0 };
  const known: Known = {
    role: Object.keys(config.roles),
    api: Object.keys(config.apis),
    endpoint: Object.keys(config.endpoints),
    ...(signed ? { unsignable: userAliases(config), callers: config.roles } : {}),
  };
  const across = (api: string, endpoint?: string) => regionProblem(config, api, endpoint);
  for (const abs of files) {
    const file = relative(cwd, abs) || abs;
    const text = readInput(abs, 'feature', { shown: file });
    refuseHiddenCharacters(text, file);
    onChecked?.(abs, text);
    const doc = parseFeature(file, text);
    const children = doc.feature?.children ?? [];
    const scenarios = children.flatMap((c) => (c.rule ? c.rule.children : [c]));
    // A file without scenarios would pass having checked nothing (a misspelt "Scenario:" is read
    // as the feature's description): fail closed.
    if (!scenarios.some((c) => c.scenario)) {
      throw new InputError('no scenarios in this feature (is a "Scenario:" keyword misspelt?)', {
        file,
        line: doc.feature?.location.line ?? 1,
      });
    }
    // What the run will ask for, counted from the parsed text before any step is checked.
    const work = featureWork(doc, file);
    total.scenarios += work.scenarios;
    total.steps += work.steps;
    if (total.scenarios > MAX_SCENARIOS)
      throw overRun('scenarios (each Examples row counts)', total.scenarios, MAX_SCENARIOS, file);
    if (total.steps > MAX_STEPS)
      throw overRun(
        "steps (a Background's in every scenario, an Outline's in every Examples row)",
        total.steps,
        MAX_STEPS,
        file,
      );
    for (const child of scenarios) {
      const steps = child.background?.steps ?? child.scenario?.steps ?? [];
      const examples = child.scenario?.examples ?? [];
      const header = examples.map((ex) => ex.tableHeader?.cells.map((c) => c.value) ?? []);
      // Scenario Outline: check each Examples row with the placeholders filled in.
      const variants: { values: Record<string, string>; line?: number }[] = examples.length
        ? examples.flatMap((ex, i) =>
            ex.tableBody.map((row) => ({
              values: Object.fromEntries(header[i]!.map((h, j) => [h, row.cells[j]?.value ?? ''])),
              line: row.location.line,
            })),
          )
        : [{ values: {} }];
      for (const v of variants)
        for (const step of steps) {
          total.calls += checkStep(step, v.values, file, known, needs, across, v.line);
          if (total.calls > MAX_CALLS)
            throw overRun(
              'calls (a call step makes one, a matrix step one per cell)',
              total.calls,
              MAX_CALLS,
              file,
              step.location.line,
            );
        }
    }
  }
  return needs;
}

/**
 * The scenarios one feature gives Cucumber (each Examples row is one; an Outline without rows none)
 * and their steps (the feature's and the rule's Background steps in each). A scenario carrying more
 * than MAX_TAGS_PER_SCENARIO tags (its own, its rule's, its feature's, its Examples') is refused.
 */
export function featureWork(doc: GherkinDocument, file: string): { scenarios: number; steps: number } {
  const out = { scenarios: 0, steps: 0 };
  const feature = doc.feature;
  if (!feature) return out;
  const count = (sc: Scenario, background: number, inherited: readonly Tag[]) => {
    const rows = sc.examples.length
      ? sc.examples.map((ex) => ({ n: ex.tableBody.length, tags: ex.tags.length }))
      : [{ n: 1, tags: 0 }];
    for (const r of rows) {
      const tags = inherited.length + sc.tags.length + r.tags;
      if (r.n > 0 && tags > MAX_TAGS_PER_SCENARIO)
        throw new InputError(
          `this scenario carries ${formatCount(tags)} tags (its own, its rule's, its feature's and its Examples'); the limit is ${formatCount(MAX_TAGS_PER_SCENARIO)} per scenario (docs/limits.md)`,
          { file, line: sc.location.line },
        );
      out.scenarios += r.n;
      out.steps += r.n * (background + sc.steps.length);
    }
  };
  let background = 0;
  for (const child of feature.children) {
    if (child.background) background += child.background.steps.length;
    if (child.scenario) count(child.scenario, background, feature.tags);
    if (child.rule) {
      let ruleBackground = background;
      for (const rc of child.rule.children) {
        if (rc.background) ruleBackground += rc.background.steps.length;
        if (rc.scenario) count(rc.scenario, ruleBackground, [...feature.tags, ...child.rule.tags]);
      }
    }
  }
  return out;
}

function overRun(what: string, count: number, limit: number, file: string, line?: number): InputError {
  return new InputError(
    `with this feature file the run holds ${formatCount(count)} ${what}; the limit is ${formatCount(limit)} per run (docs/limits.md)`,
    { file, ...(line !== undefined ? { line } : {}) },
  );
}

/**
 * Feature text is shown as it is by Cucumber's reports (cucumber.html) and progress: a bidi
 * control (Trojan Source), an ANSI escape or an invisible character would make it display as
 * something other than what runs. Refused, naming the line and the character.
 */
function refuseHiddenCharacters(text: string, file: string): void {
  const hidden = hiddenCharacter(text);
  if (!hidden) return;
  const { line, column } = lineColumn(text, hidden.index);
  throw new InputError(
    `${hidden.code} (${hidden.kind}) at column ${column}: feature text may not hold control, bidirectional or invisible characters, which make it display differently from what runs; remove it`,
    { file, line },
  );
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/<([^>]+)>/g, (m, k: string) => values[k] ?? m);
}

function checkStep(
  step: Step,
  values: Record<string, string>,
  file: string,
  known: Known,
  needs: FeatureNeeds,
  acrossRegions: (api: string, endpoint?: string) => string | undefined,
  exampleLine?: number,
): number {
  const text = fill(step.text, values);
  const line = step.location.line;
  const where = exampleLine ? ` (Examples row at line ${exampleLine})` : '';
  const hit = allPatterns.map((p) => ({ p, m: p.pattern.exec(text) })).find((x) => x.m);
  if (!hit) {
    throw new InputError(
      `step not understood: "${excerpt(`${step.keyword.trim()} ${text}`, 120)}"${where}${stepHint(text)}; see docs/scenarios.md`,
      { file, line },
    );
  }
  refuseStepArgument(step, hit.p, file);
  hit.p.aliases.forEach((kind, i) => {
    const value = hit.m![i + 1];
    if (kind && value !== undefined) requireAlias(kind, value, known, file, line, where);
  });
  const rows = step.dataTable?.rows ?? [];
  const m = hit.m!;
  const calls = needs.calls;
  if (hit.p === vocabulary.endpointPolicyFromFile)
    needs.policyFiles.push({ endpoint: m[1]!, file: m[2]!, feature: file, line });
  const through = (endpoint: string | undefined) => (endpoint !== undefined ? { endpoint } : {});
  if (hit.p === vocabulary.roleCalls)
    calls.push({ api: m[4]!, method: m[2]!, path: m[3]!, ...through(m[5]), file, line });
  if (hit.p === vocabulary.anonymousCalls)
    calls.push({ api: m[3]!, method: m[1]!, path: m[2]!, ...through(m[4]), file, line });
  if (hit.p === vocabulary.accessMatrix) {
    checkMatrixTable(rows, values, file, known, line);
    for (const c of rows[0]?.cells.slice(1) ?? [])
      calls.push({
        api: fill(c.value, values).trim(),
        method: m[1]!,
        path: m[2]!,
        ...through(m[3]),
        file,
        line,
      });
  }
  // A reach proof through an endpoint in another region than its API asks about requests that
  // cannot be made (an interface endpoint reaches only its own region's APIs): as a call, exit 2.
  if (hit.p === vocabulary.onlyTheseCanReach || hit.p === vocabulary.noOutsiderReaches) {
    const across = acrossRegions(m[1]!, m[2]);
    if (across) throw new InputError(across, { file, line });
  }
  if (hit.p === vocabulary.letsThroughOnly || hit.p === vocabulary.onlyTheseCanReach) {
    if (rows.length === 0)
      throw new InputError('the step needs a one-column table of principals', { file, line });
    for (const r of rows) {
      const v = fill(r.cells[0]?.value ?? '', values);
      // The proof over every principal also takes a role ARN or an account id.
      const literal = hit.p === vocabulary.onlyTheseCanReach && (isAccountId(v) || isRoleArn(v));
      if (v !== 'anonymous' && !literal) requireAlias('role', v, known, file, r.location.line, where);
    }
  }
  // The calls it makes: one, or one per cell of the matrix.
  if (hit.p === vocabulary.roleCalls || hit.p === vocabulary.anonymousCalls) return 1;
  if (hit.p === vocabulary.accessMatrix)
    return Math.max(0, rows.length - 1) * Math.max(0, (rows[0]?.cells.length ?? 1) - 1);
  return 0;
}

/**
 * A doc string or a table the step does not take: Cucumber would fail the step when it runs (its
 * definition has no parameter for it), after copying the text into every report.
 */
function refuseStepArgument(step: Step, p: StepPattern, file: string): void {
  const line = step.location.line;
  if (step.docString)
    throw new InputError(
      `a doc string of ${formatCount(step.docString.content.length)} characters follows this step; no spokegate step takes a doc string (docs/scenarios.md)`,
      { file, line },
    );
  const rows = step.dataTable?.rows.length ?? 0;
  if (step.dataTable && !p.table)
    throw new InputError(
      `a table of ${formatCount(rows)} ${rows === 1 ? 'row' : 'rows'} follows this step, which takes none; only the access matrix and the "lets through only" and "only these principals" steps take a table (docs/scenarios.md)`,
      { file, line },
    );
}

const LOWER_METHOD = /\b(get|post|put|patch|delete|head|options)(?= \/)/g;

/** Why a sentence may not be understood: a lower-case method, or the closest sentence there is. */
function stepHint(text: string): string {
  const lower = text.match(LOWER_METHOD);
  const upper = text.replace(LOWER_METHOD, (m) => m.toUpperCase());
  if (lower && allPatterns.some((p) => p.pattern.test(upper)))
    return `; HTTP methods are written in capitals (${lower[0].toUpperCase()}, not ${lower[0]})`;
  // Compare the sentences with their quoted aliases blanked: the wording is what is unknown.
  const blank = (s: string) => s.replace(/"[^"]*"/g, '""');
  const near = closest(
    blank(text),
    allPatterns.map((p) => blank(p.example.replace(/^(Given|When|Then) /, ''))),
  );
  const example = allPatterns.find((p) => blank(p.example.replace(/^(Given|When|Then) /, '')) === near);
  return example ? `; did you mean: ${example.example}` : '';
}

function checkMatrixTable(
  rows: readonly TableRow[],
  values: Record<string, string>,
  file: string,
  known: Known,
  stepLine: number,
): void {
  const [head, ...body] = rows;
  if (!head)
    throw new InputError('the access matrix needs a table: | role | <api> ... |', { file, line: stepLine });
  const apis = head.cells.slice(1).map((c) => fill(c.value, values));
  if (apis.length === 0)
    throw new InputError('the access matrix table needs at least one API column', {
      file,
      line: head.location.line,
    });
  for (const a of apis) requireAlias('api', a, known, file, head.location.line, '');
  // A cell stated twice is either said twice or contradicts itself (one passes, one fails): the
  // table is wrong, not the policies.
  const twice = apis.find((a, i) => apis.indexOf(a) !== i);
  if (twice !== undefined)
    throw new InputError(`API "${excerpt(twice, 64)}" is a column twice; state each cell once`, {
      file,
      line: head.location.line,
    });
  const rowLine = new Map<string, number>();
  for (const r of body) {
    const role = fill(r.cells[0]?.value ?? '', values);
    if (role !== 'anonymous') requireAlias('role', role, known, file, r.location.line, '');
    const first = rowLine.get(role);
    if (first !== undefined)
      throw new InputError(
        `${role === 'anonymous' ? 'anonymous' : `role "${excerpt(role, 64)}"`} is a row twice (first on line ${first}); state each cell once`,
        { file, line: r.location.line },
      );
    rowLine.set(role, r.location.line);
    r.cells.slice(1).forEach((c) => {
      const v = fill(c.value, values).trim().toLowerCase();
      if (v !== 'allow' && v !== 'deny') {
        throw new InputError(`matrix cell "${excerpt(c.value, 40)}" must be allow or deny`, {
          file,
          line: r.location.line,
        });
      }
    });
  }
}

/** The aliases a feature may name, and (signed runs) the callers no run can sign as. */
type Known = Record<AliasKind, string[]> & {
  unsignable?: ReadonlySet<string>;
  /** The configured callers (a federated user's message names its own section). */
  callers?: Config['roles'];
};

/** The config's users (`users`), which loadConfig lists among the roles. */
function userAliases(config: Config): ReadonlySet<string> {
  return new Set(Object.entries(config.roles).flatMap(([alias, r]) => (r.user ? [alias] : [])));
}

/** The alias is one the config knows, else exit 2 worded as every unknown alias is (`unknownAlias`). */
function requireAlias(
  kind: AliasKind,
  value: string,
  known: Known,
  file: string,
  line: number,
  where: string,
): void {
  if (!known[kind].includes(value))
    throw new InputError(unknownAlias(kind === 'api' ? 'API' : kind, value, known[kind], { where }), {
      file,
      line,
    });
  if (kind === 'role' && known.unsignable?.has(value))
    throw new InputError(unsignableUser(value, known.callers?.[value]) + where, { file, line });
}

/** A --tags expression Cucumber cannot parse is bad usage, found before anything starts. */
export function checkTagExpression(expr: string | undefined): void {
  if (!expr) return;
  const hidden = hiddenCharacter(expr);
  if (hidden)
    throw new InputError(`holds ${hidden.code} (${hidden.kind}); tags are plain text`, { field: '--tags' });
  if (expr.length > MAX_TAG_EXPRESSION)
    throw new InputError(
      `the tag expression is ${formatCount(expr.length)} characters; the limit is ${formatCount(MAX_TAG_EXPRESSION)} (docs/limits.md)`,
      { field: '--tags' },
    );
  try {
    parseTagExpression(expr);
  } catch (e) {
    // Cucumber's message quotes the whole expression.
    throw new InputError(excerpt((e as Error).message, 300), { field: '--tags' });
  }
}
