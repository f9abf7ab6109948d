// who-can over every stage of an API: a request to any stage reaches the API (the stage is part of
// the resource ARN, so the policies can tell stages apart, and each stage serves its own
// deployment). Each stage is analysed as a world of its own; a class found alike on every stage is
// reported once, "any stage", the others name their stages.
import type { AccessClass, UnknownLayer, WhoCan } from './analyze.js';

/** An API's stages as analysed: every stage it has (known), or those spokegate could name (not known). */
export interface ApiStages {
  api: string;
  stages: string[];
  /** Whether these are every stage of the API (GetStages, apis.X.stages); else another may exist. */
  known: boolean;
}

/** A class over the stages it holds on. */
export interface StagedClass extends AccessClass {
  /** The stages it holds on (the witness, and `constraints` as data, are the first one's). */
  stages: string[];
  /** Set when it holds on every stage of the API (its stages known). */
  anyStage?: true;
}

/** who-can's answer over every stage: what the formats print and --json gives. */
export interface WhoCanAnswer {
  readonly endpoint: string | undefined;
  readonly unknown: UnknownLayer[];
  readonly classes: StagedClass[];
  readonly stages: ApiStages[];
  readonly notes: string[];
  readonly unknowable: { key: string; why: string }[];
  readonly points: number;
}

/** One stage's analysis of one API. */
export interface StageRun {
  stage: string;
  who: WhoCan;
}

/**
 * What makes two classes of two stages the same class: the same reading (each dimension's regions in
 * words, which name routes and values, not the stage's ARNs), decision, conditions and statements.
 * A reading summarised as "in N of the M regions" tells nothing apart: it is its stage's alone.
 */
function sameness(c: AccessClass, stage: string): string {
  const { witness: _w, constraints: _c, ...rest } = c;
  return c.description.includes('(each region in --json)')
    ? `${stage}\u0000${JSON.stringify(rest)}`
    : JSON.stringify(rest);
}

/** The words a class's description starts with: where it holds. */
export function stageWords(c: StagedClass): string {
  if (c.anyStage) return 'any stage';
  return c.stages.length === 1
    ? `stage "${c.stages[0]}"`
    : `stages ${c.stages.map((s) => `"${s}"`).join(', ')}`;
}

/**
 * The classes of one API over its stages (the configured stage's run first: its witnesses are
 * preferred, being on the stage a run calls). A class every stage reports alike is one class.
 */
export function mergeStages(api: ApiStages, runs: readonly StageRun[]): StagedClass[] {
  const byKey = new Map<string, { cls: AccessClass; stages: string[] }>();
  for (const run of runs)
    for (const c of run.who.classes) {
      if (c.api !== api.api) continue;
      const key = sameness(c, run.stage);
      const hit = byKey.get(key);
      if (hit) hit.stages.push(run.stage);
      else byKey.set(key, { cls: c, stages: [run.stage] });
    }
  return [...byKey.values()].map(({ cls, stages }) => {
    const every = api.known && runs.every((r) => stages.includes(r.stage));
    const out: StagedClass = { ...cls, stages, ...(every ? { anyStage: true as const } : {}) };
    out.description = `${stageWords(out)}: ${cls.description}`;
    return out;
  });
}

/** who-can's answer from the runs of every API's stages. */
export function answerOverStages(
  endpoint: string | undefined,
  apis: readonly { stages: ApiStages; runs: readonly StageRun[] }[],
  notes: readonly string[] = [],
): WhoCanAnswer {
  const all = apis.flatMap((a) => a.runs.map((r) => r.who));
  const unique = <T>(xs: T[], key: (x: T) => string) => [...new Map(xs.map((x) => [key(x), x])).values()];
  return {
    endpoint,
    unknown: unique(
      all.flatMap((w) => w.unknown),
      (u) => JSON.stringify(u),
    ),
    classes: apis.flatMap((a) => mergeStages(a.stages, a.runs)),
    stages: apis.map((a) => a.stages),
    notes: [...new Set([...all.flatMap((w) => w.notes), ...notes])],
    unknowable: unique(
      all.flatMap((w) => w.unknowable),
      (u) => u.key,
    ),
    points: all.reduce((n, w) => n + w.points, 0),
  };
}
