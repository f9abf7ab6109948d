// AssumeRole `ProvidedContexts` (trusted identity propagation): context assertions "signed and encrypted
// by AWS STS" (botocore sts model), checked as the model constrains them. The sandbox issues none, so it
// can honour none: a request carrying one is refused once the checks AWS documents pass, never issued a
// session that silently drops the context (docs/aws-behaviour.md §53).
import type { ContextValue } from '../policy/types.js';
import { arnTypeError } from './session-policies.js';
import { queryMembers } from './query-members.js';

// botocore sts model: ProvidedContextsListType 1-5, arnType 20-2048, contextAssertionType 4-2048.
const MAX_CONTEXTS = 5;

export interface ProvidedContext {
  providerArn: string;
  assertion: string;
}

/** The `ProvidedContexts.member.N.{ProviderArn,ContextAssertion}` members of a request, in order. */
export function providedContextsOf(params: Map<string, string>): ProvidedContext[] {
  return queryMembers(params, 'ProvidedContexts').map((m) => ({
    providerArn: m.get('ProviderArn') ?? '',
    assertion: m.get('ContextAssertion') ?? '',
  }));
}

/** Validation errors of the contexts (STS's Query-protocol wording, as for the other members). */
export function providedContextErrors(contexts: ProvidedContext[]): string[] {
  const errors: string[] = [];
  if (contexts.length > MAX_CONTEXTS)
    errors.push(
      `Value '[${contexts.length} items]' at 'providedContexts' failed to satisfy constraint: Member must have length less than or equal to ${MAX_CONTEXTS}`,
    );
  for (const c of contexts) {
    const arn = arnTypeError('providedContexts.member.providerArn', c.providerArn);
    if (arn) errors.push(arn);
    if (c.assertion.length < 4 || c.assertion.length > 2048)
      errors.push(
        "Value at 'providedContexts.member.contextAssertion' failed to satisfy constraint: Member must have length between 4 and 2048",
      );
  }
  return errors;
}

/** sts:RequestContextProviders, the providers' ARNs a trust policy's sts:SetContext grant may test. */
export function providedContextKeys(contexts: ProvidedContext[]): Record<string, ContextValue> {
  return contexts.length > 0 ? { 'sts:RequestContextProviders': contexts.map((c) => c.providerArn) } : {};
}
