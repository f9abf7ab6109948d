// The service control policies the config states (`serviceControlPolicies`, src/config/scp.ts),
// compiled once per config: the SCP layer of every prediction (run, check, diff, who-can and the
// proofs) of a caller whose account's SCPs are stated.
import { basename, extname } from 'node:path';
import { configPath, readText, type Config } from '../config/index.js';
import { InputError } from '../errors.js';
import { parsePolicy, principalAccount, type CompiledPolicy, type Principal } from '../policy/index.js';

const COMPILED = new WeakMap<Config, ReadonlyMap<string, CompiledPolicy[][]>>();

/**
 * Account -> its SCPs compiled, one list per level of its path (root first). A file that is missing
 * or no valid policy (an SCP is written as an identity policy: no Principal) is exit 2 naming the
 * field that named it.
 */
export function statedScps(config: Config): ReadonlyMap<string, CompiledPolicy[][]> {
  let hit = COMPILED.get(config);
  if (hit) return hit;
  const byFile = new Map<string, CompiledPolicy>();
  const compile = ({ target, field, file }: { target: string; field: string; file: string }) => {
    const key = `${target}\0${file}`;
    let p = byFile.get(key);
    if (!p) {
      const path = configPath(config, file);
      try {
        p = parsePolicy(
          readText(path, 'policy'),
          { name: `scp:${target}:${basename(file, extname(file))}`, file: path },
          { kind: 'identity', scp: true },
        );
      } catch (e) {
        if (e instanceof InputError) throw new InputError(e.message, { file: config.file, field });
        throw e;
      }
      byFile.set(key, p);
    }
    return p;
  };
  const out = new Map<string, CompiledPolicy[][]>();
  for (const [account, levels] of Object.entries(config.scpFiles ?? {}))
    out.set(
      account,
      levels.map((level) => level.map(compile)),
    );
  COMPILED.set(config, (hit = out));
  return hit;
}

/** The SCPs that limit `principal` (its account's, when stated); undefined: none evaluated. */
export function scpsOf(config: Config, principal: Principal): CompiledPolicy[][] | undefined {
  if (!config.scpFiles) return undefined;
  const account = principalAccount(principal);
  return account === undefined ? undefined : statedScps(config).get(account);
}
