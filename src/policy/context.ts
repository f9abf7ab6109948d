// The request context as the evaluator reads it: key names are case-insensitive, so the keys are
// folded once per request (only when a condition or variable first asks), never per statement.
import type { ContextValue, RequestContext } from './types.js';

export class ContextView {
  private folded: Map<string, ContextValue> | undefined;
  /** The request's action, lowercased once. */
  readonly action: string;
  constructor(readonly req: RequestContext) {
    this.action = req.action.toLowerCase();
  }
  /** Value of a key given in lowercase; undefined when the request does not carry it. */
  get(lowerKey: string): ContextValue | undefined {
    let m = this.folded;
    if (!m) {
      m = new Map();
      const c = this.req.context;
      for (const k in c) {
        const v = c[k];
        if (v !== undefined && v !== null) m.set(k.toLowerCase(), v);
      }
      this.folded = m;
    }
    return m.get(lowerKey);
  }
}
