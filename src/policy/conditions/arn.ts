// Arn operators: ArnEquals and ArnLike behave the same in AWS. Each of the six colon-separated
// components is matched on its own (a wildcard never spans a colon of the first five), case-sensitive;
// the sixth component (the resource) is everything after the fifth colon.
import { escapeRegex } from '../../escape/index.js';
import { compileWildcard, type WildcardMatcher } from '../wildcard.js';
import { lookup, matchesReadings, RegexCache, type PatternReadings } from '../variables.js';
import { Undecided, UNDECIDED } from '../undecided.js';
import { operators, type Family } from './types.js';

interface ArnPattern {
  parts?: WildcardMatcher[]; // six matchers, or:
  whole?: { test(v: string): boolean }; // a value that is not ARN-shaped
  test?: (v: string) => boolean; // a resolved template
}

/** Split an ARN into its six components; undefined when it is not ARN-shaped. */
export function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const c = arn.indexOf(':', from);
    if (c === -1) return undefined;
    parts.push(arn.slice(from, c));
    from = c + 1;
  }
  parts.push(arn.slice(from));
  return parts;
}

const cache = new RegexCache();

export const arnFamily: Family<ArnPattern> = {
  name: 'Arn',
  operators: operators('Arn', { Equals: 'like', Like: 'like' }, true),
  variables: true,
  // A negated Arn operator over a value that is no ARN: "not like" holds as the negation of "like",
  // or fails as a comparison that cannot be made (cloud-copilot/iam-simulate): Undecided (§34).
  reads: (v) => typeof v === 'string' && splitArn(v) !== undefined,
  typeName: 'an ARN (six colon-separated components)',
  compile(value) {
    const parts = splitArn(value);
    // A value with fewer than six components, "*" alone included, has nothing AWS compares part by
    // part ("Each of the six colon-delimited components … is checked separately"), and what it does
    // with one is not written (public evaluators read "*" as any value or as no ARN at all): each
    // reading gives a false PASS where the other holds, so the policy is refused
    // (docs/aws-behaviour.md §17, §20). `arn:*:*:*:*:*` says "any ARN" in six components.
    if (!parts) {
      throw new Error(
        `"${value}" has fewer than the six colon-separated components (arn:partition:service:region:account:resource) an Arn operator compares one by one; how AWS compares it is not documented, so spokegate refuses the policy rather than guess${value === '*' ? ' (for any ARN write "arn:*:*:*:*:*")' : ''}`,
      );
    }
    return { parts: parts.map((p) => compileWildcard(p)) };
  },
  compileTemplate(t, ctx) {
    // Component-wise like the static case: in the first five components a wildcard stops at ':'.
    // A substituted value is literal; when one holds `*` or `?` it is also read as wildcards, and a
    // request the two readings disagree on is Undecided (variables.ts patternReadings). Variables
    // are "replaced with values" when the policy is evaluated, before the operator compares the
    // value's six colon-delimited components, so a ':' inside a substituted value separates
    // components like one of the policy's own text (docs/aws-behaviour.md §34).
    let differ = false;
    let resolved = '';
    let component = 0;
    const source = (wild: boolean): string | undefined => {
      let src = '^';
      resolved = '';
      component = 0;
      for (const part of t.parts) {
        let text: string;
        let substituted = false;
        if (part.t === 'lit') {
          resolved += part.s;
          src += escapeRegex(part.s);
          continue;
        } else if (part.t === 'text') text = part.s;
        else {
          const v = lookup(part, ctx);
          if (v === undefined) return undefined;
          if (/[*?]/.test(v)) differ = true;
          text = v;
          substituted = true;
        }
        resolved += text;
        for (const ch of text) {
          if (ch === ':' && component < 5) {
            component++;
            src += ':';
          } else if ((ch === '*' || ch === '?') && (wild || !substituted)) {
            if (ch === '*') src += component < 5 ? '[^:]*' : '[\\s\\S]*';
            else src += component < 5 ? '[^:]' : '[\\s\\S]';
          } else src += escapeRegex(ch);
        }
      }
      return `${src}$`;
    };
    const literal = source(false);
    if (literal === undefined) return undefined;
    // Substituted, the value has fewer than six components (`${aws:Referer}` = `*`, a tag without
    // colons): as for a policy's own short value (compile), how AWS compares it is not written, and
    // the readings (a whole-string match, `*` as any value, no ARN at all) disagree: Undecided (§42).
    if (component < 5) {
      const message = `the value "${t.raw}" resolves to "${resolved}", fewer than the six colon-separated components an Arn operator compares one by one; ${UNDECIDED}`;
      return {
        test: () => {
          throw new Undecided(message, 'Condition');
        },
      };
    }
    const readings: PatternReadings = differ ? { literal, wildcard: source(true)! } : { literal };
    return {
      test: (v: string) =>
        splitArn(v) !== undefined && matchesReadings(cache, readings, v, 'Condition', `the value "${t.raw}"`),
    };
  },
  test(rv, p) {
    if (typeof rv !== 'string') return false;
    if (p.whole) return p.whole.test(rv);
    if (p.test) return p.test(rv);
    const parts = p.parts!;
    let from = 0;
    for (let i = 0; i < 5; i++) {
      const c = rv.indexOf(':', from);
      if (c === -1) return false;
      if (!parts[i]!.test(rv.slice(from, c))) return false;
      from = c + 1;
    }
    return parts[5]!.test(rv.slice(from));
  },
};
