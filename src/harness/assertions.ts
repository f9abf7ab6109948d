// Policy assertions: questions answered from the endpoint policy alone, with the engine.
import {
  evaluatePolicy,
  lintPolicy,
  principalFromArn,
  type Finding,
  type Principal,
} from '../policy/index.js';
import { configuredRequest } from '../predict/index.js';
import type { RunContext } from './context.js';

export interface AssertionResult {
  ok: boolean;
  message: string;
}

const OUTSIDER_ARN = 'arn:aws:iam::000000000000:role/spokegate-outsider';
const OUTSIDER_ORG = 'o-spokegateoutsider';

/** Every API × probe the config knows: what "passes the endpoint" is checked against. */
function probes(ctx: RunContext): { api: string; method: string; path: string }[] {
  const out: { api: string; method: string; path: string }[] = [];
  for (const api of Object.keys(ctx.config.apis)) {
    for (const p of ctx.config.defaults.probes) {
      const [method, path] = p.split(' ') as [string, string];
      out.push({ api, method, path });
    }
  }
  return out;
}

/** Which of the given principals the endpoint policy lets through to at least one API. */
async function passing(
  ctx: RunContext,
  endpointAlias: string | undefined,
  principals: { label: string; principal: Principal; orgId?: string }[],
): Promise<{ label: string; via: string }[]> {
  const policy = await ctx.endpointPolicy(endpointAlias);
  const endpoint = ctx.endpointAlias(endpointAlias);
  const out: { label: string; via: string }[] = [];
  for (const p of principals) {
    for (const probe of probes(ctx)) {
      const req = configuredRequest(ctx.config, p.principal, { ...probe, endpoint }, p.orgId);
      const d = evaluatePolicy(policy.compiled, req, { layer: 'endpoint' });
      if (d.kind === 'Allowed') {
        const st = d.statements.map((s) => `statement ${s.index}${s.sid ? ` (${s.sid})` : ''}`).join(', ');
        out.push({ label: p.label, via: `${probe.method} ${probe.path} on "${probe.api}" by ${st}` });
        break;
      }
    }
  }
  return out;
}

export async function letsThroughOnly(
  ctx: RunContext,
  endpointAlias: string | undefined,
  expected: string[],
): Promise<AssertionResult> {
  const candidates = [
    { label: 'anonymous', principal: principalFromArn('anonymous') as Principal },
    ...Object.keys(ctx.config.roles).map((alias) => {
      const principal = ctx.principalOf(alias);
      return { label: alias, principal, orgId: ctx.orgIdOf(principal) };
    }),
  ];
  const got = await passing(ctx, endpointAlias, candidates);
  const gotSet = new Set(got.map((g) => g.label));
  const extra = got.filter((g) => !expected.includes(g.label));
  const missing = expected.filter((e) => !gotSet.has(e));
  if (extra.length === 0 && missing.length === 0) {
    return { ok: true, message: `the endpoint policy lets through exactly: ${[...gotSet].join(', ')}` };
  }
  const lines = ['the endpoint policy does not let through exactly the listed roles:'];
  for (const e of extra) lines.push(`  also lets through ${e.label}: ${e.via}`);
  for (const m of missing)
    lines.push(
      `  does not let through ${m} (no statement allows any probe: ${ctx.config.defaults.probes.join(', ')})`,
    );
  return { ok: false, message: lines.join('\n') };
}

export async function noOutsider(
  ctx: RunContext,
  endpointAlias: string | undefined,
): Promise<AssertionResult> {
  const outsiders = [
    { label: 'anonymous', principal: principalFromArn('anonymous') as Principal },
    {
      label: `${OUTSIDER_ARN} (organization ${OUTSIDER_ORG})`,
      principal: principalFromArn(OUTSIDER_ARN),
      orgId: OUTSIDER_ORG,
    },
  ];
  if (ctx.config.organization) {
    for (const [alias, role] of Object.entries(ctx.config.roles)) {
      const principal = ctx.principalOf(alias);
      if (!ctx.orgIdOf(principal))
        outsiders.push({
          label: `${alias} (${role.arn}, outside the organization)`,
          principal,
          orgId: OUTSIDER_ORG,
        });
    }
  }
  const got = await passing(ctx, endpointAlias, outsiders);
  if (got.length === 0)
    return { ok: true, message: 'no principal outside the organization passes the endpoint' };
  return {
    ok: false,
    message: [
      'principals outside the organization pass the endpoint:',
      ...got.map((g) => `  ${g.label}: ${g.via}`),
    ].join('\n'),
  };
}

const RANK = { info: 0, warning: 1, error: 2 } as const;

export async function noFindingsAtOrAbove(
  ctx: RunContext,
  endpointAlias: string | undefined,
  level: keyof typeof RANK,
): Promise<AssertionResult> {
  const policy = await ctx.endpointPolicy(endpointAlias);
  const findings: Finding[] = lintPolicy(policy.compiled, 'endpoint').filter(
    (f) => RANK[f.severity] >= RANK[level],
  );
  if (findings.length === 0) return { ok: true, message: `no findings at or above ${level}` };
  return {
    ok: false,
    message: [
      `the endpoint policy has ${findings.length} finding(s) at or above ${level}:`,
      ...findings.map(
        (f) =>
          `  ${f.severity} ${f.rule}${f.statement ? ` statement ${f.statement.index}${f.statement.sid ? ` (${f.statement.sid})` : ''}` : ''}: ${f.message}`,
      ),
    ].join('\n'),
  };
}
