// A policy read as permissively (or as strictly) as any values of its policy variables could make
// it: an upper (lower) bound of what it allows. who-can's search for policy variables may leave kinds
// of request it neither found nor ruled out; a kind the upper reading refuses is refused whatever the
// variables hold, and one the lower reading allows is allowed whatever they hold (diff: no change
// can be new where the before side surely allowed).
import { compiled } from './evaluate.js';
import { Policy, type CompiledStatement } from './parse.js';
import type { CompiledPolicy } from './types.js';

/**
 * The policy with every statement's policy variables read most permissively: an Allow's condition
 * clauses with variables dropped (fewer clauses hold more often) and its Resource or NotResource with
 * variables read as any resource; a Deny with variables left out (a Deny only removes access). Every
 * layer of the chain needs an Allow and yields to a Deny, so what this reading refuses the policy
 * refuses for any value of its variables. The policy itself when it has none.
 */
export const mostPermissive = (policy: CompiledPolicy): CompiledPolicy => bounded(policy, 'Allow');

/**
 * The mirror of mostPermissive: an Allow with variables left out (it only adds access), a Deny's
 * condition clauses with variables dropped and its Resource or NotResource with variables read as
 * any resource (it then refuses at least whatever the policy's Deny may refuse). What this reading
 * allows the policy allows for any value of its variables (the chain's answer only grows with an
 * Allow matching and only shrinks with a Deny matching). The policy itself when it has none.
 */
export const leastPermissive = (policy: CompiledPolicy): CompiledPolicy => bounded(policy, 'Deny');

/** The layers of a call a bound reads (ChainInput's names), as predict's, diff's cells and analysis' roles hold them. */
interface BoundLayers {
  endpointPolicy?: CompiledPolicy;
  resourcePolicy?: CompiledPolicy | null;
  identityPolicies?: CompiledPolicy[];
  permissionsBoundary?: CompiledPolicy;
  sessionPolicies?: CompiledPolicy[];
}

/**
 * `layers` with each policy of a call's layers (endpoint, resource, identity, boundary, session)
 * read as `read` reads its variables (mostPermissive, leastPermissive); the other fields, a layer
 * not there and a resource policy that is none (null) as they are. Service control policies are
 * not among them: each caller says how it reads those.
 */
export function boundLayers<T extends BoundLayers>(
  layers: T,
  read: (p: CompiledPolicy) => CompiledPolicy,
): T {
  const out: BoundLayers = { ...layers };
  if (layers.endpointPolicy) out.endpointPolicy = read(layers.endpointPolicy);
  if (layers.resourcePolicy) out.resourcePolicy = read(layers.resourcePolicy);
  if (layers.identityPolicies) out.identityPolicies = layers.identityPolicies.map(read);
  if (layers.permissionsBoundary) out.permissionsBoundary = read(layers.permissionsBoundary);
  if (layers.sessionPolicies) out.sessionPolicies = layers.sessionPolicies.map(read);
  return out as T;
}

/** The policy without its statements holding variables (each left out, whatever its effect). */
export const withoutVariables = (policy: CompiledPolicy): CompiledPolicy => bounded(policy, undefined);

/** Whether a statement holds a policy variable (in its Resource or NotResource, or a condition). */
const holds = (st: CompiledStatement) =>
  (st.resource?.templates.length ?? 0) > 0 || st.conditions.some((c) => c.variables);

/**
 * Whether two policies hold the same statements with variables (as written, in any order) under the
 * same Version: each such statement then matches the same requests in both, whatever the variables
 * hold, so they can differ only in their other statements.
 */
export function sameVariables(a: CompiledPolicy, b: CompiledPolicy): boolean {
  const written = (p: CompiledPolicy) =>
    compiled(p)
      .statements.filter(holds)
      .map((st) => JSON.stringify(st.document))
      .sort();
  const x = written(a);
  const y = written(b);
  return (
    compiled(a).version === compiled(b).version && x.length === y.length && x.every((w, i) => w === y[i])
  );
}

/**
 * The policy with its statements holding variables widened when of effect `widen`, else left out
 * (all of them without `widen`).
 */
function bounded(policy: CompiledPolicy, widen: 'Allow' | 'Deny' | undefined): CompiledPolicy {
  const cache = widen === 'Allow' ? PERMISSIVE : widen === 'Deny' ? STRICT : PLAIN;
  let hit = cache.get(policy);
  if (!hit) {
    const p = compiled(policy);
    if (!p.statements.some(holds)) hit = policy;
    else {
      const statements = p.statements.flatMap((st): CompiledStatement[] => {
        if (!holds(st)) return [st];
        if (st.effect !== widen) return [];
        const { resource, conditions, ...rest } = st;
        // Without a Resource the statement matches every resource (resourceMatches).
        return [
          {
            ...rest,
            resource: resource && resource.templates.length === 0 ? resource : undefined,
            conditions: conditions.filter((c) => !c.variables),
          },
        ];
      });
      hit = new Policy(p.source, p.document, p.text, p.version, statements, p.allStatements);
    }
    cache.set(policy, hit);
  }
  return hit;
}
const PERMISSIVE = new WeakMap<CompiledPolicy, CompiledPolicy>();
const STRICT = new WeakMap<CompiledPolicy, CompiledPolicy>();
const PLAIN = new WeakMap<CompiledPolicy, CompiledPolicy>();
