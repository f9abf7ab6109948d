// Reading policy files for the CLI. A plain JSON policy is parsed here (so errors name the
// statement and element); Terraform plans and CloudFormation templates go through ./sources.
import { existsSync } from 'node:fs';
import { checkTextSize, readInput } from '../input/index.js';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { parsePolicy } from './validate.js';
import {
  checkPlainPolicySize,
  policiesFromText,
  selectPolicies,
  unknownSelected,
  type UnknownPolicyEntry,
} from './sources/index.js';
import type { CompiledPolicy, PolicyKind } from './types.js';

export interface LoadedPolicy {
  policy: CompiledPolicy;
  text: string;
  kind?: 'endpoint' | 'resource';
  /** Address inside an IaC file (Terraform address, CloudFormation logical id). */
  address?: string;
}

/** True when the text is a plain IAM policy document (or broken JSON meant to be one). */
export function isPlainPolicy(text: string): boolean {
  const head = text.trimStart();
  if (head.startsWith('[')) return true; // JSON, but no object: parsePolicy says what is wrong
  if (!head.startsWith('{')) return false;
  try {
    const data = JSON.parse(text) as unknown;
    return (
      typeof data === 'object' &&
      data !== null &&
      !Array.isArray(data) &&
      !('format_version' in data) &&
      !('Resources' in data) &&
      !('AWSTemplateFormatVersion' in data)
    );
  } catch {
    // Broken JSON: if it does not look like a plan or template, report it as a broken policy.
    return !/"(format_version|Resources|AWSTemplateFormatVersion)"\s*:/.test(text);
  }
}

export interface ReadOptions {
  /** Refuse what AWS refuses for the policy's kind (default). Lint reads without it: it reports. */
  check?: boolean;
  /**
   * Where an IaC file's wanted policies known only after apply go (lint reports each). Without it, a
   * file holding only such policies of the wanted kind is exit 2 naming the first.
   */
  unknown?: UnknownPolicyEntry[];
  /** A managed policy (a permissions boundary): held to IAM's 6,144 characters too. */
  managed?: boolean;
}

/**
 * Every policy in a file: one for a plain policy; each endpoint / resource policy of an IaC file.
 * `kind` selects among an IaC file's policies and says what a plain policy is attached as; a policy
 * whose kind is known is refused when AWS would refuse it (unless `check: false`).
 */
export async function readPolicies(
  spec: string,
  cwd: string,
  kind?: PolicyKind,
  opts: ReadOptions = {},
): Promise<LoadedPolicy[]> {
  const check = opts.check ?? true;
  // FILE#ADDRESS picks one entry of an IaC file (Terraform address, logical id, vpce or API id).
  const { file, address } = splitSpec(spec, cwd);
  const path = resolve(cwd, file);
  const text = await readText(path, file);
  checkPlainPolicySize(text, file);
  if (isPlainPolicy(text)) {
    checkTextSize(text, 'policy', file);
    return [
      {
        policy: parsePolicy(
          text,
          { name: file, file },
          check && kind ? { kind, managed: opts.managed ?? false } : {},
        ),
        text,
      },
    ];
  }
  if (kind === 'identity' || kind === 'trust')
    throw new InputError(`an ${kind} policy is read from a plain JSON policy file`, { file });
  const all = policiesFromText(text, file, kind ? { kind } : {});
  const select = { ...(kind ? { kind } : {}), ...(address !== undefined ? { address } : {}) };
  const unknown = unknownSelected(all, select);
  opts.unknown?.push(...unknown);
  let result = all;
  try {
    if (kind !== undefined || address !== undefined) result = selectPolicies(all, select);
  } catch (e) {
    // Only policies known after apply are wanted: the caller reports them (lint).
    if (opts.unknown && unknown.length > 0) return [];
    throw e;
  }
  const out: LoadedPolicy[] = [];
  const add = (k: 'endpoint' | 'resource', address: string, policyText: string) =>
    out.push({
      policy: parsePolicy(policyText, { name: `${file}#${address}`, file }, check ? { kind: k } : {}),
      text: policyText,
      kind: k,
      address,
    });
  if (kind !== 'resource') for (const e of result.endpoints) add('endpoint', e.address, e.policyText);
  if (kind !== 'endpoint') for (const e of result.resourcePolicies) add('resource', e.address, e.policyText);
  if (out.length === 0) {
    if (opts.unknown && unknown.length > 0) return out;
    const u = result.unknown[0];
    if (u) throw new InputError(u.message, { file, field: u.address });
    throw new InputError(`no ${kind ?? 'endpoint or resource'} policy in this file`, { file });
  }
  return out;
}

function splitSpec(spec: string, cwd: string): { file: string; address?: string } {
  const hash = spec.lastIndexOf('#');
  if (hash <= 0 || existsSync(resolve(cwd, spec))) return { file: spec };
  return { file: spec.slice(0, hash), address: spec.slice(hash + 1) };
}

/** Exactly one policy from a file (an IaC file must hold exactly one of the wanted kind). */
export async function readPolicyFile(
  file: string,
  cwd: string,
  kind?: PolicyKind,
  opts: ReadOptions = {},
): Promise<LoadedPolicy> {
  const all = await readPolicies(file, cwd, kind, opts);
  if (all.length > 1) {
    throw new InputError(
      `the file holds ${all.length} policies (${all.map((p) => p.address).join(', ')}); pick one with FILE#ADDRESS`,
      { file },
    );
  }
  return all[0]!;
}

/** A policy file's text (a policy, a Terraform plan or a CloudFormation template), through the one reader. */
export async function readText(path: string, shown: string): Promise<string> {
  return readInput(path, 'policy-source', { shown });
}
