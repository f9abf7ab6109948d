// The cells feature files call, for `spokegate diff FEATURE...`: every "<role> calls METHOD PATH on
// <api>" step and every access-matrix table, through the endpoint being compared.
import type { Config } from '../config/index.js';
import { InputError } from '../errors.js';
import { formatCount } from '../input/index.js';
import { regionProblem, routeProblem, statedRoutes } from '../routes/index.js';
import { checkFeatures, findFeatureFiles, parseFeature } from '../harness/features.js';
import { vocabulary } from '../harness/vocabulary.js';
import { MAX_DIFF_CELLS, type CellSpec } from './load.js';

const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/<([^>]+)>/g, (m, k: string) => values[k] ?? m);

/** The distinct cells of the features, in the order they first appear. */
export function featureCells(
  paths: string[],
  config: Config,
  endpointAlias: string,
  cwd: string,
): CellSpec[] {
  const defaultEndpoint = config.defaults.endpoint ?? Object.keys(config.endpoints)[0]!;
  const seen = new Set<string>();
  const out: CellSpec[] = [];
  const add = (
    role: string,
    api: string,
    method: string,
    path: string,
    through: string | undefined,
  ): void => {
    // A call names its endpoint, or goes through the default one: another endpoint's is its diff's.
    if ((through ?? defaultEndpoint) !== endpointAlias) return;
    const key = [role, api, method, path].join('\0');
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ role, api, method, path });
    if (out.length > MAX_DIFF_CELLS)
      throw new InputError(
        `the features call more than ${formatCount(MAX_DIFF_CELLS)} distinct cells; the limit is ${formatCount(MAX_DIFF_CELLS)} for one diff`,
        { file: paths.join(', ') },
      );
  };
  const files = findFeatureFiles(paths, cwd);
  // An unknown alias would drop its cells silently and hide a change: bad input, with its line.
  // So is a call to a route the config says its API does not have (a run would refuse it too).
  for (const call of checkFeatures(files, config, cwd).calls) {
    const api = config.apis[call.api];
    if (!api) continue;
    // Through an endpoint in another region it never reaches the API (as a run refuses it).
    const across = regionProblem(config, call.api, call.endpoint);
    if (across) throw new InputError(across, { file: call.file, line: call.line });
    const p = routeProblem(statedRoutes(call.api, api, 'not stated'), { ...call, stage: api.stage });
    if (p) throw new InputError(p.message, { file: call.file, line: call.line });
  }
  for (const file of files) {
    const doc = parseFeature(file);
    const children = doc.feature?.children ?? [];
    for (const child of children.flatMap((c) => (c.rule ? c.rule.children : [c]))) {
      const steps = child.background?.steps ?? child.scenario?.steps ?? [];
      const examples = child.scenario?.examples ?? [];
      const variants = examples.length
        ? examples.flatMap((ex) => {
            const header = ex.tableHeader?.cells.map((c) => c.value) ?? [];
            return ex.tableBody.map((row) =>
              Object.fromEntries(header.map((h, j) => [h, row.cells[j]?.value ?? ''])),
            );
          })
        : [{}];
      for (const values of variants) {
        for (const step of steps) {
          const text = fill(step.text, values);
          let m = vocabulary.roleCalls.pattern.exec(text);
          if (m) {
            const [, role, method, path, api, through, how] = m;
            if (how?.includes('tampered')) continue; // not what the policies see
            add(how?.includes('unsigned') ? 'anonymous' : role!, api!, method!, path!, through);
            continue;
          }
          m = vocabulary.anonymousCalls.pattern.exec(text);
          if (m) {
            add('anonymous', m[3]!, m[1]!, m[2]!, m[4]);
            continue;
          }
          m = vocabulary.accessMatrix.pattern.exec(text);
          if (m) {
            const [head, ...body] = step.dataTable?.rows ?? [];
            const apis = (head?.cells.slice(1) ?? []).map((c) => fill(c.value, values));
            for (const row of body) {
              const role = fill(row.cells[0]?.value ?? '', values).trim();
              for (const api of apis) add(role, api, m[1]!, m[2]!, m[3]);
            }
          }
        }
      }
    }
  }
  // Unknown aliases are the feature checker's job; here they would only make a cell nobody can judge.
  return out.filter((c) => (c.role === 'anonymous' || c.role in config.roles) && c.api in config.apis);
}
