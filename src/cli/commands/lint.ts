// `spokegate lint FILE`: findings as text, JSON or SARIF on stdout. Exit 0, 1 when a finding is at
// or above --fail-on, 2 for bad usage or an unreadable file. An IaC file is linted policy by policy.
import { resolve } from 'node:path';
import { EXIT, InputError } from '../../errors.js';
import {
  formatFindings,
  lintPolicy,
  lintPolicyText,
  PolicyError,
  severityOf,
  type CompiledPolicy,
  type Finding,
  type PolicyKind,
  type Severity,
} from '../../policy/index.js';
import { isPlainPolicy, readPolicies, readText } from '../../policy/file.js';
import { checkPlainPolicySize, type UnknownPolicyEntry } from '../../policy/sources/index.js';
import type { Io } from '../io.js';

export interface LintOptions {
  /** Checked by commander's .choices(). */
  kind?: PolicyKind;
  format?: 'text' | 'json' | 'sarif';
  failOn?: Severity | 'none';
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export async function run(opts: LintOptions, args: string[], io: Io): Promise<number> {
  const file = args[0];
  if (!file) throw new InputError('lint needs a policy file');
  const format = opts.format ?? 'text';
  const failOn = opts.failOn ?? 'error';
  const kindOpt = opts.kind;

  const text = await readText(resolve(io.cwd, file), file);
  checkPlainPolicySize(text, file);
  let findings: Finding[] = [];
  const plain = isPlainPolicy(text);
  if (plain) {
    // Parse errors are findings too (SG000, SG003, SG004).
    let kind = kindOpt;
    if (!kind) {
      try {
        const p = (await readPolicies(file, io.cwd, undefined, { check: false }))[0]!.policy;
        kind = guessKind(p);
      } catch (e) {
        if (!(e instanceof PolicyError)) throw e;
        kind = 'endpoint';
      }
    }
    findings = lintPolicyText(text, { name: file, file }, kind);
  } else {
    const want = kindOpt === 'endpoint' || kindOpt === 'resource' ? kindOpt : undefined;
    const unknown: UnknownPolicyEntry[] = [];
    try {
      for (const p of await readPolicies(file, io.cwd, want, { check: false, unknown })) {
        // Name the IaC resource (Terraform address, CloudFormation logical id) each finding is in.
        const where = p.address ? `${p.address}: ` : '';
        for (const f of lintPolicy(p.policy, p.kind ?? 'endpoint'))
          findings.push({ ...f, message: `${where}${f.message}` });
      }
      // A policy known only after apply is none of the above: never a silent pass (the message
      // names its address).
      for (const u of unknown)
        findings.push({ rule: 'SG030', severity: severityOf('SG030', u.kind), message: u.message });
    } catch (e) {
      if (!(e instanceof PolicyError)) throw e;
      findings.push({ rule: e.rule, severity: 'error', message: e.message });
    }
  }
  // A statement's place is in a plain policy's own text; in a plan or template it is 1:1 (docs/cli.md),
  // so the IaC text is not parsed for positions (seconds of CPU on a 100,000-resource plan).
  // A YAML policy is not `plain` (JSON) but is located in its own text as before (attack run 11 S03).
  const located = plain || !text.trimStart().startsWith('{');
  io.out(formatFindings(findings, format, file, located ? text : undefined));
  if (failOn === 'none') return EXIT.ok;
  const level = RANK[failOn];
  return findings.some((f) => RANK[f.severity] >= level) ? EXIT.failed : EXIT.ok;
}

/** Without --kind: no Principal anywhere is an identity policy; the short resource form or a
 * source-VPC(E) condition marks a resource policy; otherwise an endpoint policy. */
function guessKind(policy: CompiledPolicy): PolicyKind {
  const sts = policy.document.Statement;
  if (sts.length && sts.every((s) => s.Principal === undefined && s.NotPrincipal === undefined))
    return 'identity';
  if (/"execute-api:\//.test(policy.text) || /aws:sourcevpce?"/i.test(policy.text)) return 'resource';
  return 'endpoint';
}
