// The request context as the evaluator reads it. Key names are case-insensitive: a lookup first
// tries the key as the policy spells it (the common case, no work), and only when that misses folds
// the request's keys to lowercase once per request.
import type { ContextValue, RequestContext } from './types.js';
import { splitResource, type ResourceParts, type SplitResource } from './wildcard.js';

export class ContextView implements ResourceParts {
  private folded: Map<string, ContextValue> | undefined;
  /** The request's action, lowercased once. */
  readonly action: string;
  private readonly ctx: Record<string, ContextValue>;
  /**
   * @param boundary the caller has a permissions boundary (a resource-based policy's Deny with
   * NotPrincipal then applies to it whatever it names).
   */
  constructor(
    readonly req: RequestContext,
    readonly boundary = false,
  ) {
    this.action = req.action.toLowerCase();
    this.ctx = req.context;
  }
  // The resource split for ResourceMatcher, looked up on first use (once per request).
  private split: SplitResource | undefined;
  private parts(): SplitResource {
    return (this.split ??= splitResource(this.req.resource));
  }
  /** Interned id of the resource's API key (see ResourceMatcher); -1 when no pattern has it. */
  apiKeyId(): number {
    return this.parts().keyId;
  }
  afterApiKey(): string {
    return this.parts().afterKey;
  }
  /** What follows the API id of an execute-api resource ARN (for the short form). */
  apiResourcePath(): string | undefined {
    return this.parts().apiPath;
  }
  /** Interned id of the resource's first five components; -1 when no pattern has them. */
  resourceHead(): number {
    return this.parts().head;
  }
  /** The account field of the resource ARN (between its 4th and 5th colon), if any. */
  resourceAccount(): string | undefined {
    return this.parts().account;
  }
  /** The resource after its first five components. */
  resourceRest(): string {
    return this.parts().rest;
  }
  /** Value of a key; `lowerKey` is `key` in lowercase. Undefined when the request lacks it. */
  lookup(key: string, lowerKey: string): ContextValue | undefined {
    const v = this.ctx[key];
    if (v !== undefined && v !== null && Object.prototype.hasOwnProperty.call(this.ctx, key)) return v;
    return this.get(lowerKey);
  }
  /** Value of a key given in lowercase. */
  get(lowerKey: string): ContextValue | undefined {
    let m = this.folded;
    if (!m) {
      // Folded once per context object, not per view: many requests share one context (requestAt,
      // the analysis's points), and a context is never written once built (request.ts).
      m = FOLDED.get(this.ctx);
      if (!m) {
        m = new Map();
        const c = this.ctx;
        for (const k in c) {
          if (!Object.prototype.hasOwnProperty.call(c, k)) continue;
          const v = c[k];
          if (v !== undefined && v !== null) m.set(k.toLowerCase(), v);
        }
        FOLDED.set(this.ctx, m);
      }
      this.folded = m;
    }
    return m.get(lowerKey);
  }
}
const FOLDED = new WeakMap<Record<string, ContextValue>, Map<string, ContextValue>>();
