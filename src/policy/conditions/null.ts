// Null: {"key": "true"} holds when the request does not carry the key (an empty list counts as
// absent), {"key": "false"} when it does. No IfExists form, no set qualifiers.
import type { ContextValue } from '../types.js';

export function testNull(v: ContextValue | undefined, wantAbsent: boolean): boolean {
  const absent = v === undefined || (Array.isArray(v) && v.length === 0);
  return absent === wantAbsent;
}
