// How broad a class is, for choosing which to show first (a failing proof's counterexample): the
// principals it holds first (any account > some accounts; any principal of them > a pattern of
// names > named principals), then the routes, then the fewer other constraints. Anonymous
// (unsigned) callers count as one whole account: anyone without credentials, but one kind of caller.
import type { AccessClass, Constraint, RegionData } from './analyze.js';

// A region names one value when one of the values it matches is exact (an account id, a role ARN);
// else it is a pattern's or "anything else".
const exact = (r: RegionData) => r.matches?.some((m) => m.kind === 'equals' || m.kind === 'names') === true;
const patterned = (r: RegionData) => !exact(r) && r.matches !== undefined && r.matches.length > 0;

/** 0 (named principals) to 8 (any signed principal of any account). */
function principalBreadth(cls: AccessClass): number {
  if (cls.principal === 'anonymous') return 5;
  const by = (d: string) => cls.constraints.find((c) => c.dimension === d);
  const breadth = (c: Constraint | undefined) =>
    !c || c.notIn !== undefined || c.in!.some((r) => !exact(r) && !patterned(r))
      ? 2
      : c.in!.some(patterned)
        ? 1
        : 0;
  // An account pattern (a member of an organization) is as open as any account.
  const accounts = breadth(by('account')) >= 1 ? 2 : 1;
  return accounts * 3 + breadth(by('identity'));
}

/** The routes a class holds: every route, all but some, or a number of regions. */
function routeBreadth(cls: AccessClass): number {
  const route = cls.constraints.find((c) => c.dimension === 'route');
  if (!route) return Number.MAX_SAFE_INTEGER;
  if (route.notIn) return Number.MAX_SAFE_INTEGER - 1 - route.notIn.length;
  return route.in?.length ?? 0;
}

/** Negative when `a` is broader than `b` (sorts broadest first); deterministic on ties. */
export function broaderFirst(a: AccessClass, b: AccessClass): number {
  return (
    principalBreadth(b) - principalBreadth(a) ||
    Math.sign(routeBreadth(b) - routeBreadth(a)) ||
    a.constraints.length - b.constraints.length ||
    (a.description < b.description ? -1 : a.description > b.description ? 1 : 0)
  );
}
