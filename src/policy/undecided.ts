// A request whose outcome AWS's pages leave open: the readings they allow disagree for it (a
// multivalued key under an operator without ForAllValues/ForAnyValue, a negated Numeric/Date/IpAddress/Arn
// operator over a value of another type, a `*` or `?` inside a substituted variable value). The
// engine throws it from a statement's test; evaluate.ts turns it into a PolicyError naming the
// statement, unless the policy's decision does not depend on that statement (docs/aws-behaviour.md §31).
export class Undecided extends Error {
  override name = 'Undecided';
  constructor(
    message: string,
    readonly element: 'Condition' | 'Resource' | 'NotResource' | 'NotPrincipal',
  ) {
    super(message);
  }
}

/** What every Undecided message ends with. */
export const UNDECIDED =
  "AWS's pages do not say which, so spokegate refuses to decide this request rather than guess";
