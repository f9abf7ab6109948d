// A policy read as permissively as any values of its policy variables could make it: an upper bound
// of what it allows. who-can's search for policy variables may leave kinds of request it neither
// found nor ruled out; a kind this reading refuses is refused whatever the variables hold.
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
export function mostPermissive(policy: CompiledPolicy): CompiledPolicy {
  let hit = PERMISSIVE.get(policy);
  if (!hit) {
    const p = compiled(policy);
    const holds = (st: CompiledStatement) =>
      (st.resource?.templates.length ?? 0) > 0 || st.conditions.some((c) => c.variables);
    if (!p.statements.some(holds)) hit = policy;
    else {
      const statements = p.statements.flatMap((st): CompiledStatement[] => {
        if (!holds(st)) return [st];
        if (st.effect === 'Deny') return [];
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
    PERMISSIVE.set(policy, hit);
  }
  return hit;
}
const PERMISSIVE = new WeakMap<CompiledPolicy, CompiledPolicy>();
