// Facts the config may leave out, read in a live or sandbox run when a decision depends on them: a
// role's unique id and tags (IAM GetRole `RoleId` and `Tags`, read by the reader of the role's
// account: aws:userid is ROLEID:session, aws:PrincipalTag/KEY its tags) and an endpoint's VPC (EC2 DescribeVpcEndpoints `VpcId`, read with its policy:
// aws:SourceVpc). What is read is added to the run's config, as if stated; a read that fails leaves
// the fact unstated (a decision that depends on it stays `unknown`) and says why in `config.unread`,
// naming the permission. Each fact is read once per run, and only when the policies can tell it apart.
import type { Config } from '../config/index.js';
import { Interrupted } from '../errors.js';
import { parseRoleArn } from '../identifiers/index.js';
import type { CompiledPolicy } from '../policy/index.js';
import { rolePrincipal, roleIdSamples, sourceVpcMatters, tagSamples } from '../predict/index.js';
import { Once } from './memo.js';
import { readerOf } from './policies.js';
import type { Wire } from './wire.js';

type Policies = readonly (CompiledPolicy | null | undefined)[];

export class ReadFacts {
  #config: Config;
  readonly #wire: Wire;
  readonly #reads = new Once<void>();

  constructor(config: Config, wire: Wire) {
    this.#config = config;
    this.#wire = wire;
  }

  /** The run's config with every fact read so far. */
  get config(): Config {
    return this.#config;
  }

  /**
   * Read what `policies` can tell apart and the config does not state: the unique id and the tags of
   * each of `roles` (aliases; null: anonymous) and the VPC of endpoint `endpoint`. Rejects only with
   * Interrupted; a failed read is noted in `config.unread`.
   */
  async need(roles: readonly (string | null)[], endpoint: string, policies: Policies): Promise<void> {
    const reads: Promise<void>[] = [];
    for (const alias of roles) {
      if (alias === null) continue;
      const principal = rolePrincipal(this.#config, alias);
      const ids = roleIdSamples(this.#config, principal, policies);
      const tags = tagSamples(this.#config, principal, policies);
      // Values to tell apart, or too many patterns to sample: the fact itself decides.
      const needs = (s: unknown[] | object) => !Array.isArray(s) || s.length > 0;
      if (needs(ids) || needs(tags)) reads.push(this.#role(alias));
    }
    if (!this.#config.endpoints[endpoint]?.vpc && sourceVpcMatters(policies)) reads.push(this.#vpc(endpoint));
    // Whatever these policies say: an SCP the prediction adds may look at the MFA keys (session-mfa.ts).
    if (roles.some((r) => r !== null)) reads.push(this.#base());
    await Promise.all(reads);
  }

  /** The role's id and tags (one GetRole), each added where the config does not state it. */
  #role(alias: string): Promise<void> {
    const arn = this.#config.roles[alias]!.arn;
    return this.#reads.get(`role ${arn}`, async () => {
      // The config admits role ARNs only.
      const { account, name } = parseRoleArn(arn)!;
      const reader = readerOf(this.#config, account);
      const wire = this.#wire;
      try {
        const read = await wire.aws.readRole(await wire.readerConfig('iam', account, this.#config), name);
        this.#state((c) => {
          const same = Object.entries(c.roles).filter(([, r]) => r.arn === arn);
          const tagsStated = same.some(([, r]) => r.tags !== undefined);
          for (const [a, r] of same)
            c.roles[a] = {
              ...r,
              roleId: r.roleId ?? read.roleId,
              ...(tagsStated ? {} : { tags: read.tags }),
            };
        });
      } catch (e) {
        if (e instanceof Interrupted) throw e;
        const why = (what: string) =>
          `the ${what} of role ${arn} could not be read by ${reader.who}: ${(e as Error).message.split('\n')[0]} (${reader.grant} iam:GetRole on ${arn})`;
        this.#note(`roles.${alias}.roleId`, why('unique id'));
        this.#note(`roles.${alias}.tags`, why('tags'));
      }
    });
  }

  /** Whether the base credentials are temporary (config.baseSession: role sessions' MFA has two readings); asked once. */
  #base(): Promise<void> {
    return this.#reads.get('base', async () => {
      const base = await this.#wire.baseSession();
      // What the run signs with is read (a stated runner.credentials that differs stopped a live run first: checkStatedCredentials).
      const runner = {
        ...this.#config.runner,
        credentials: base === undefined ? 'long-term' : 'temporary',
      } as const;
      this.#config = { ...this.#config, runner, ...(base !== undefined ? { baseSession: base } : {}) };
    });
  }

  #vpc(alias: string): Promise<void> {
    const ep = this.#config.endpoints[alias]!;
    return this.#reads.get(`endpoint ${ep.id}`, async () => {
      try {
        const info = await this.#wire.endpoint(ep);
        if (!info.vpcId) throw new Error(`DescribeVpcEndpoints ${ep.id} gave no VpcId`);
        this.#state((c) => {
          for (const [a, e] of Object.entries(c.endpoints))
            if (e.id === ep.id && !e.vpc) c.endpoints[a] = { ...e, vpc: info.vpcId };
        });
      } catch (e) {
        if (e instanceof Interrupted) throw e;
        this.#note(
          `endpoints.${alias}.vpc`,
          `the VPC of endpoint ${ep.id} could not be read by the base identity: ${(e as Error).message.split('\n')[0]} (grant the base identity ec2:DescribeVpcEndpoints)`,
        );
      }
    });
  }

  /** A new config (copy on write: callers holding the old one keep a consistent view). */
  #state(edit: (c: Config & { roles: Config['roles']; endpoints: Config['endpoints'] }) => void): void {
    const next = {
      ...this.#config,
      roles: { ...this.#config.roles },
      endpoints: { ...this.#config.endpoints },
    };
    edit(next);
    this.#config = next;
  }

  #note(setting: string, why: string): void {
    this.#config = { ...this.#config, unread: { ...this.#config.unread, [setting]: why } };
  }
}
