// Thin step definitions: parse the sentence, call the harness library, assert.
// The sentences live in src/harness/vocabulary.ts (documented in docs/scenarios.md).
import {
  Before,
  Given,
  Then,
  When,
  World,
  setDefaultTimeout,
  setWorldConstructor,
  type DataTable,
} from '@cucumber/cucumber';
import { neutralise } from '../src/escape/index.js';
import { frameless, stepBudgetMs, within } from '../src/harness/budget.js';
import { getRunContext } from '../src/harness/global.js';
import { STEP_LAYERS, vocabulary as v } from '../src/harness/vocabulary.js';
import { expectOutcome, expectStatus, parseMatrixTable, runMatrix } from '../src/harness/scenario.js';
import { noFindingsAtOrAbove, type AssertionResult } from '../src/harness/assertions.js';
import {
  letsThroughOnly,
  noOutsiderPasses,
  noOutsiderReaches,
  onlyTheseCanReach,
} from '../src/harness/proofs.js';
import type { CellDraft, RunContext } from '../src/harness/context.js';
import { pickleRef, type ScenarioRef } from '../src/harness/scenario-ref.js';

// Cucumber's own 5 s limit knows nothing of the config: each step runs within the budget its calls
// need (src/harness/budget.ts), and a step that outlives it is an error with its cells kept as errors.
setDefaultTimeout(-1);

class ScenarioWorld extends World {
  readonly ctx: RunContext = getRunContext();
  /** The scenario's name and location (its Examples row's, for an Outline): every cell carries both. */
  scenario: ScenarioRef = { scenario: '' };
  draft?: CellDraft;
  /** Run a step's work within the time `cells` calls may take. */
  within<T>(what: string, work: Promise<T>, cells = 1): Promise<T> {
    const ms = stepBudgetMs(this.ctx.config.defaults, cells, this.ctx.concurrency);
    return within(ms, what, work);
  }
  lastCall(): CellDraft {
    if (!this.draft)
      throw new Error('no call was made before this step: start with a "When ... calls ..." step');
    return this.draft;
  }
}
setWorldConstructor(ScenarioWorld);

/** A step that could not establish anything: Cucumber reports an error's constructor name as its type. */
class CellError extends Error {
  override name = 'CellError';
}

function check(r: AssertionResult): void {
  if (r.ok) return;
  // A failed expectation is a finding about the policies, not a bug here: Cucumber prints the
  // stack, so the stack is the message alone (no frames of ours). An error (nothing could be
  // established) is a CellError, so the scenario's status and the run's verdict say error, not fail.
  // The message quotes config values (a tag may hold U+2028, which IAM takes): Cucumber writes it
  // raw into its reports and indents after it as after a line break, so it goes in escaped.
  const message = neutralise(r.message);
  throw frameless(r.error ? new CellError(message) : new Error(message));
}

Before(function (this: ScenarioWorld, { pickle }) {
  this.scenario = pickleRef(pickle);
});

Given(v.endpointPolicyFromEc2.pattern, async function (this: ScenarioWorld, endpoint: string) {
  await this.within(`reading the endpoint policy of "${endpoint}"`, this.ctx.endpointPolicy(endpoint));
});
Given(v.endpointPolicyFromFile.pattern, async function (this: ScenarioWorld, endpoint: string, file: string) {
  await this.within(`reading ${file}`, this.ctx.endpointPolicy(endpoint, file));
});

When(
  v.roleCalls.pattern,
  async function (
    this: ScenarioWorld,
    role: string,
    method: string,
    path: string,
    api: string,
    endpoint?: string,
    how?: string,
  ) {
    this.draft = undefined;
    this.draft = await this.within(
      `the call ${method} ${path} on "${api}"`,
      this.ctx.call({
        role,
        api,
        method,
        path,
        endpoint,
        tamper: how?.includes('tampered') ?? false,
        unsigned: how?.includes('unsigned') ?? false,
        ...this.scenario,
      }),
    );
  },
);
When(
  v.anonymousCalls.pattern,
  async function (this: ScenarioWorld, method: string, path: string, api: string, endpoint?: string) {
    this.draft = undefined;
    this.draft = await this.within(
      `the call ${method} ${path} on "${api}"`,
      this.ctx.call({ role: null, api, method, path, endpoint, ...this.scenario }),
    );
  },
);

Then(v.callAllowed.pattern, function (this: ScenarioWorld) {
  check(expectOutcome(this.lastCall(), 'allow'));
});
Then(v.callDenied.pattern, function (this: ScenarioWorld, words?: keyof typeof STEP_LAYERS) {
  check(expectOutcome(this.lastCall(), 'deny', words && STEP_LAYERS[words]));
});
Then(v.responseStatus.pattern, function (this: ScenarioWorld, status: string) {
  check(expectStatus(this.lastCall(), Number(status)));
});

Then(
  v.accessMatrix.pattern,
  async function (
    this: ScenarioWorld,
    method: string,
    path: string,
    endpoint: string | undefined,
    table: DataTable,
  ) {
    this.draft = undefined;
    const parsed = parseMatrixTable(table.raw());
    const { result } = await this.within(
      `the access matrix of ${method} ${path}`,
      runMatrix(this.ctx, { method, path, endpoint, ...this.scenario }, parsed),
      parsed.rows.length * parsed.apis.length,
    );
    check(result);
  },
);

Then(
  v.letsThroughOnly.pattern,
  async function (this: ScenarioWorld, endpoint: string | undefined, table: DataTable) {
    check(
      await this.within(
        'the endpoint policy assertion',
        letsThroughOnly(
          this.ctx,
          endpoint,
          table.raw().map((r) => r[0]!.trim()),
          this.scenario,
        ),
      ),
    );
  },
);
Then(v.noOutsider.pattern, async function (this: ScenarioWorld, endpoint?: string) {
  check(await this.within('the endpoint policy proof', noOutsiderPasses(this.ctx, endpoint, this.scenario)));
});
Then(
  v.onlyTheseCanReach.pattern,
  async function (this: ScenarioWorld, api: string, endpoint: string | undefined, table: DataTable) {
    check(
      await this.within(
        'the reachability proof',
        onlyTheseCanReach(
          this.ctx,
          api,
          endpoint,
          table.raw().map((r) => r[0]!.trim()),
          this.scenario,
        ),
      ),
    );
  },
);
Then(v.noOutsiderReaches.pattern, async function (this: ScenarioWorld, api: string, endpoint?: string) {
  check(
    await this.within('the reachability proof', noOutsiderReaches(this.ctx, api, endpoint, this.scenario)),
  );
});
Then(
  v.noFindings.pattern,
  async function (this: ScenarioWorld, endpoint: string | undefined, level: 'error' | 'warning' | 'info') {
    check(await this.within('the lint assertion', noFindingsAtOrAbove(this.ctx, endpoint, level)));
  },
);
