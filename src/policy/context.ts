// The request context as the evaluator reads it. Key names are case-insensitive: a lookup first
// tries the key as the policy spells it (the common case, no work), and only when that misses folds
// the request's keys to lowercase once per request.
import type { ContextValue, RequestContext } from './types.js';
import {
  apiKeyEnd,
  apiKeyId,
  apiResourcePathOf,
  arnHeadEnd,
  headId,
  keyHead,
  type ResourceParts,
} from './wildcard.js';

export class ContextView implements ResourceParts {
  private folded: Map<string, ContextValue> | undefined;
  /** The request's action, lowercased once. */
  readonly action: string;
  private readonly ctx: Record<string, ContextValue>;
  constructor(readonly req: RequestContext) {
    this.action = req.action.toLowerCase();
    this.ctx = req.context;
  }
  // The resource split for ResourceMatcher, computed on first use (once per request).
  private parsed = false;
  private headEnd = -1;
  private keyId = -1;
  private afterKey = '';
  private headIdValue = -2;
  private parse(): void {
    this.parsed = true;
    const r = this.req.resource;
    this.headEnd = arnHeadEnd(r);
    const keyEnd = apiKeyEnd(r, this.headEnd);
    if (keyEnd !== -1) {
      this.keyId = apiKeyId(r.slice(0, keyEnd));
      this.afterKey = r.slice(keyEnd);
    } else this.afterKey = r;
  }
  /** Interned id of the resource's API key (see ResourceMatcher); -1 when no pattern has it. */
  apiKeyId(): number {
    if (!this.parsed) this.parse();
    return this.keyId;
  }
  afterApiKey(): string {
    if (!this.parsed) this.parse();
    return this.afterKey;
  }
  private apiPath: string | undefined | null = null;
  /** What follows the API id of an execute-api resource ARN (for the short form); once per request. */
  apiResourcePath(): string | undefined {
    if (this.apiPath === null) this.apiPath = apiResourcePathOf(this.req.resource);
    return this.apiPath;
  }
  /** Interned id of the resource's first five components; -1 when no pattern has them. */
  resourceHead(): number {
    if (this.headIdValue === -2) {
      if (!this.parsed) this.parse();
      // A known API key knows its head; else look the head up.
      this.headIdValue =
        this.keyId !== -1
          ? keyHead(this.keyId)
          : this.headEnd === -1
            ? -1
            : headId(this.req.resource.slice(0, this.headEnd));
    }
    return this.headIdValue;
  }
  /** The account field of the resource ARN (between its 4th and 5th colon), if any. */
  resourceAccount(): string | undefined {
    if (!this.parsed) this.parse();
    const end = this.headEnd - 1;
    if (end < 1) return undefined;
    const start = this.req.resource.lastIndexOf(':', end - 1);
    return start === -1 ? undefined : this.req.resource.slice(start + 1, end);
  }
  /** The resource after its first five components. */
  resourceRest(): string {
    if (!this.parsed) this.parse();
    return this.headEnd === -1 ? this.req.resource : this.req.resource.slice(this.headEnd);
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
