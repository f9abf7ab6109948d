// The stages an API is decided at (diff by classes, who-can, the proofs). A request to any stage
// reaches the API, and the stage is part of the execute-api resource ARN, so a policy can open a
// // stage while every request to the configured one keeps its answer. The stages are split by the
// Resource patterns of the policies given (both sides of a change, for diff), as who-can splits
// every other part of a request: stages no pattern tells apart share one analysis, the configured
// stage's group first.
import { atoms, Dimension, type Atom } from './dimension.js';
import { residual } from './glob.js';
import { namingPolicies, resourceSources } from './limits.js';
import { bindShortForm, policyMentions, type CompiledPolicy } from '../policy/index.js';

/** A group of stages every Resource pattern treats alike, decided at one of them. */
export interface StageGroup {
  /** The stage the group is decided at (the configured one for its group). */
  stage: string;
  /** The stated stages of the group; when the API's stages are not stated, `[stage]` (a stand-in). */
  stages: string[];
  /** Whether this group is every stage the API has (one group, or the stated stages all in it). */
  anyStage: boolean;
  /** The API's stages are not stated, and `stage` stands for the stage names of its region. */
  standIn: boolean;
}

/** A stage name as API Gateway takes it (the config's apis.ALIAS.stages rule). */
const STAGE = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The patterns a stage name must match for a Resource pattern to match some resource ARN of that
 * stage: the residual after `API_ARN/`, up to the `/` after the stage (or a `?` standing for it); a
 * `*` before that slash may take the rest, so the stage only needs to match what comes before it.
 * Stage names hold no `/`, so the union of these is exact.
 */
function stageGlobs(pattern: string, apiArn: string): string[] {
  const out: string[] = [];
  for (const g of residual(pattern, `${apiArn}/`)) {
    for (let i = 0; i < g.length; i++) {
      const ch = g[i];
      if (ch === '*') {
        out.push(g.slice(0, i + 1));
        break;
      }
      if (ch === '/') {
        out.push(g.slice(0, i));
        break;
      }
      if (ch === '?') out.push(g.slice(0, i));
    }
  }
  return out.filter((s) => s.length > 0);
}

/** Resource patterns (and policy-variable templates, each variable read as `*`) of the policies. */
function resourcePatterns(policies: readonly CompiledPolicy[], apiArn: string): string[] {
  const out = new Set<string>();
  for (const p of policies) {
    const m = policyMentions(p);
    for (const r of m.resources) out.add(bindShortForm(r, apiArn));
    for (const t of m.resourceTemplates) out.add(bindShortForm(t.replace(/\$\{[^}]*\}/g, '*'), apiArn));
  }
  return [...out];
}

/**
 * Whether a Resource with policy variables may name the stage through a request's value
 * (`…/${aws:PrincipalTag/stage}/GET/*`): its skeleton (each variable as `*`) leaves a stage pattern
 * that is not a literal stage name. Such a Resource matches at each stage for other principals,
 * so no two stages decide every request alike.
 */
function variableNamesStage(policies: readonly CompiledPolicy[], apiArn: string): boolean {
  return policies.some((p) =>
    policyMentions(p).resourceTemplates.some((t) =>
      stageGlobs(bindShortForm(t.replace(/\$\{[^}]*\}/g, '*'), apiArn), apiArn).some((g) => /[*?]/.test(g)),
    ),
  );
}

/**
 * The stage groups of one API: its stated stages split by what the patterns tell apart, or (not
 * stated) the configured stage and one stand-in stage per other region of stage names the patterns
 * tell apart (a stage no pattern names included): any of them may exist. `routesKnown`: what the
 * configured stage serves is known and another stage's is not, so a stand-in is never its group
 * even where every pattern treats them alike (the stand-ins' routes are of unknown type).
 */
export function stageGroups(
  api: { stage: string; stages?: readonly string[] | undefined },
  apiArn: string,
  policies: readonly CompiledPolicy[],
  routesKnown = false,
): StageGroup[] {
  // A refusal of the stage patterns names the policies (namingPolicies).
  return namingPolicies(policies, () => groupsOf(api, apiArn, policies, routesKnown));
}

function groupsOf(
  api: { stage: string; stages?: readonly string[] | undefined },
  apiArn: string,
  policies: readonly CompiledPolicy[],
  routesKnown: boolean,
): StageGroup[] {
  const patterns = resourcePatterns(policies, apiArn);
  // `*` matches every stage: it tells none apart.
  // Each stage pattern once, with where it is first written (a refusal of them names the statement).
  const sources = resourceSources(policies, (r) => bindShortForm(r, apiArn));
  const globs = new Map<string, Atom['from']>();
  for (const p of patterns)
    for (const g of stageGlobs(p, apiArn)) if (g !== '*' && !globs.has(g)) globs.set(g, sources.get(p));
  const stageAtoms: Atom[] = [...globs].map(([g, from]) =>
    /[*?]/.test(g) ? { ...atoms.like(g, [g], 'q'), ...(from ? { from } : {}) } : atoms.equals(g),
  );
  const dim = new Dimension({
    id: 'stage',
    label: 'stage',
    atoms: stageAtoms,
    absent: false,
    valid: (v) => STAGE.test(v),
    fresh: ['other', 'otherq', 'zz'],
    freshChars: 'qzjxkvw',
  });
  // Two stages every pattern leaves the same residual after (the same routes match at both) decide
  // every request alike: one group. Exact, where the stage-name regions above only find candidates.
  const signature = (stage: string) =>
    patterns.map((p) => residual(p, `${apiArn}/${stage}/`).join('\u0001')).join('\u0000');
  const groups = new Map<string, StageGroup>();
  // A variable may name any one stage: each stage (stated, or a stand-in) a group of its own.
  const apart = variableNamesStage(policies, apiArn);
  const add = (stage: string, stand: boolean) => {
    const sig = `${stand && routesKnown ? 'stand-in\u0000' : ''}${apart ? stage : signature(stage)}`;
    const hit = groups.get(sig);
    if (hit) {
      if (!stand) hit.stages.push(stage);
    } else groups.set(sig, { stage, stages: [stage], anyStage: false, standIn: stand });
  };
  if (api.stages) {
    add(api.stage, false);
    for (const s of api.stages) if (s !== api.stage) add(s, false);
  } else {
    add(api.stage, false);
    for (const r of dim.regions) {
      const w = r.witness === api.stage && routesKnown ? otherIn(dim, r.signature, api.stage) : r.witness;
      if (w !== undefined) add(w, true);
    }
    // The stages a variable may name include one no pattern names: a stand-in for them.
    if (apart && groups.size === 1)
      add(
        ['other', 'otherq'].find((x) => x !== api.stage)!,
        true,
      );
  }
  const out = [...groups.values()];
  if (out.length === 1) out[0]!.anyStage = true;
  return out;
}

/**
 * A stage name other than `stage` in the same region of stage names (a stand-in for the stages that
 * are treated as `stage` is but may serve other routes): `stage` with one letter more or changed,
 * else a fresh name. None when `stage` is alone there (an exact pattern names it).
 */
function otherIn(dim: Dimension, signature: string, stage: string): string | undefined {
  const edits = [...Array(stage.length + 1).keys()].flatMap((i) =>
    ['q', 'z'].flatMap((c) => [
      stage.slice(0, i) + c + stage.slice(i),
      stage.slice(0, i) + c + stage.slice(i + 1),
    ]),
  );
  return ['other', 'otherq', 'zz', ...edits].find(
    (c) => c !== stage && STAGE.test(c) && dim.signature(c) === signature,
  );
}

/**
 * Stages split by what each serves (`keyOf`, e.g. its typed routes), in order: stages alike stay
 * together, and each part's first stage is decided for it (who-can and diff split their stage groups
 * so, offline a stage's routes being its own statement's).
 */
export function splitByRoutes(stages: readonly string[], keyOf: (stage: string) => string): string[][] {
  const parts = new Map<string, string[]>();
  for (const stage of stages) {
    const key = keyOf(stage);
    const part = parts.get(key);
    if (part) part.push(stage);
    else parts.set(key, [stage]);
  }
  return [...parts.values()];
}
