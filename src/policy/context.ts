// The request context as the evaluator reads it. Key names are case-insensitive: a lookup first
// tries the key as the policy spells it (the common case, no work), and only when that misses folds
// the request's keys to lowercase once per request.
import type { ContextValue, RequestContext } from './types.js';
import { apiKeyEnd, arnHeadEnd, headId, type ResourceParts } from './wildcard.js';

export class ContextView implements ResourceParts {
  private folded: Map<string, ContextValue> | undefined;
  /** The request's action, lowercased once. */
  readonly action: string;
  private readonly ctx: Record<string, ContextValue>;
  constructor(readonly req: RequestContext) {
    this.action = req.action.toLowerCase();
    this.ctx = req.context;
  }
  private resHead = -2;
  private resRest = '';
  /** Interned head id of the request's resource (see ResourceMatcher). */
  resourceHead(): number {
    if (this.resHead === -2) {
      const r = this.req.resource;
      this.resHead = headId(r);
      const end = arnHeadEnd(r);
      this.resRest = end === -1 ? r : r.slice(end);
    }
    return this.resHead;
  }
  /** The request's resource after its head. */
  resourceRest(): string {
    if (this.resHead === -2) this.resourceHead();
    return this.resRest;
  }
  private key: string | undefined;
  private afterKey = '';
  /** The request resource's API key (see ResourceMatcher); '' when it has none. */
  apiKey(): string {
    if (this.key === undefined) {
      const r = this.req.resource;
      const end = apiKeyEnd(r, arnHeadEnd(r));
      this.key = end === -1 ? '' : r.slice(0, end);
      this.afterKey = end === -1 ? r : r.slice(end);
    }
    return this.key;
  }
  afterApiKey(): string {
    if (this.key === undefined) this.apiKey();
    return this.afterKey;
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
      m = new Map();
      const c = this.ctx;
      for (const k in c) {
        if (!Object.prototype.hasOwnProperty.call(c, k)) continue;
        const v = c[k];
        if (v !== undefined && v !== null) m.set(k.toLowerCase(), v);
      }
      this.folded = m;
    }
    return m.get(lowerKey);
  }
}
