// who-can over every stage of an API: a request to any stage reaches the API (the stage is part of
// the resource ARN, so the policies can tell stages apart, and each stage serves its own
// deployment). Stages neither the policies nor the deployments tell apart are analysed once, as one
// world; a class found alike on every group of stages is reported once, "any stage", the others name
// their stages. Each class carries every group's own data (byStage).
import { unionRefs, type AccessClass, type Constraint, type UnknownLayer, type WhoCan } from './analyze.js';
import type { StatementRef } from '../policy/index.js';
import type { AnalysisRequest } from './world.js';

/** An API's stages as analysed: every stage it has (known), or those spokegate could name (not known). */
export interface ApiStages {
  api: string;
  stages: string[];
  /** Whether these are every stage of the API (GetStages, apis.X.stages); else another may exist. */
  known: boolean;
  /** Stages analysed for the stage names no one states (the stages not known), their routes not known. */
  standIns?: string[];
}

/** What a class is on one group of stages analysed together: its regions there, statements and witness. */
export interface StageData {
  /** The stages of the group (analysed as one world: neither policies nor deployments tell them apart). */
  stages: string[];
  constraints: Constraint[];
  statements: StatementRef[];
  /** A request of the class on one of these stages, decided there by the engine. */
  witness: AnalysisRequest;
}

/** A class over the stages it holds on. */
export interface StagedClass extends AccessClass {
  /** The stages it holds on. */
  stages: string[];
  /** Set when it holds on every stage of the API (its stages known). */
  anyStage?: true;
  /**
   * Per group of stages it holds on, its own data: the regions are each group's (a Resource
   * pattern naming one stage splits another's routes otherwise). `constraints` and `witness` are the
   * first group's; `statements` is every group's.
   */
  byStage: StageData[];
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

/** One analysis of one API, at `stage`, standing for `stages` (default: that one). */
export interface StageRun {
  stage: string;
  /** The stages this analysis stands for: neither the policies nor the deployments tell them apart. */
  stages?: string[];
  who: WhoCan;
}

/**
 * What makes two classes of two stage groups the same class: the same reading (each dimension's
 * regions in words, which name routes and values, not the stage's ARNs), decision and allowance;
 * their statements may differ (a statement naming one stage), and are united. A reading summarised
 * as "in N of the M regions" tells nothing apart: it is its group's alone.
 */
function sameness(c: AccessClass, stage: string): string {
  const { witness: _w, constraints: _c, statements: _s, ...rest } = c;
  return c.description.includes('(each region in --json)')
    ? `${stage}\u0000${JSON.stringify(rest)}`
    : JSON.stringify(rest);
}

/** The words a class's description starts with: where it holds (a stand-in stage says so). */
export function stageWords(
  c: { stages: readonly string[]; anyStage?: true },
  standIns: readonly string[] = [],
): string {
  if (c.anyStage) return 'any stage';
  const named = (s: string) =>
    standIns.includes(s) ? `"${s}" (standing for the stage names the config does not state)` : `"${s}"`;
  return c.stages.length === 1 ? `stage ${named(c.stages[0]!)}` : `stages ${c.stages.map(named).join(', ')}`;
}

/**
 * The classes of one API over its stages (the configured stage's run first: its witnesses are
 * preferred, being on the stage a run calls). A class every stage reports alike is one class.
 */
export function mergeStages(api: ApiStages, runs: readonly StageRun[]): StagedClass[] {
  const byKey = new Map<string, { cls: AccessClass; stages: string[]; byStage: StageData[] }>();
  for (const run of runs) {
    const stages = run.stages ?? [run.stage];
    for (const c of run.who.classes) {
      if (c.api !== api.api) continue;
      const key = sameness(c, run.stage);
      const data: StageData = {
        stages: [...stages],
        constraints: c.constraints,
        statements: c.statements,
        witness: c.witness,
      };
      const hit = byKey.get(key);
      if (hit) {
        hit.stages.push(...stages);
        hit.byStage.push(data);
      } else byKey.set(key, { cls: c, stages: [...stages], byStage: [data] });
    }
  }
  const all = runs.flatMap((r) => r.stages ?? [r.stage]);
  return [...byKey.values()].map(({ cls, stages, byStage }) => {
    const every = api.known && all.every((s) => stages.includes(s));
    const out: StagedClass = {
      ...cls,
      statements: byStage.reduce<StatementRef[]>((acc, g) => unionRefs(acc, g.statements), []),
      stages,
      ...(every ? { anyStage: true as const } : {}),
      byStage,
    };
    out.description = `${stageWords(out, api.standIns)}: ${cls.description}`;
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
