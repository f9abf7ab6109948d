// Shared by the md and html reporters: cells grouped into roles × APIs grids, one per endpoint and
// METHOD PATH. Several scenarios may test the same position; the grid keeps all their cells.
import { worstVerdict } from './judge.js';
import type { Verdict } from './types.js';

/** What grouping needs of a cell (both `Cell` and the JSON document's cells have it). */
export interface GridCell {
  role: string;
  api: string;
  method: string;
  path: string;
  endpoint: string;
  verdict: Verdict;
  disagreement?: boolean;
}

export interface GridOrder {
  /** Preferred row order (config order); unknown roles follow alphabetically, 'anonymous' last. */
  roles?: readonly string[];
  /** Preferred column order; unknown APIs follow alphabetically. */
  apis?: readonly string[];
}

export interface GridPosition<C extends GridCell = GridCell> {
  role: string;
  api: string;
  cells: C[];
  verdict: Verdict;
  disagreement: boolean;
}

export interface Grid<C extends GridCell = GridCell> {
  endpoint: string;
  method: string;
  path: string;
  roles: string[];
  apis: string[];
  /** key `${role}\u0000${api}` */
  positions: Map<string, GridPosition<C>>;
}

export const posKey = (role: string, api: string): string => `${role}\u0000${api}`;

function orderBy(values: Iterable<string>, preferred: readonly string[] = []): string[] {
  const set = new Set(values);
  const head = preferred.filter((v) => set.has(v));
  const rest = [...set]
    .filter((v) => !head.includes(v))
    .sort((a, b) => {
      // anonymous callers read best below the named roles
      if (a === 'anonymous' || b === 'anonymous') return a === 'anonymous' ? (b === 'anonymous' ? 0 : 1) : -1;
      return a.localeCompare(b);
    });
  return [...head, ...rest];
}

const METHOD_ORDER = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE', 'ANY'];

/** Grids ordered by endpoint, then path, then method. */
export function buildGrids<C extends GridCell>(cells: readonly C[], order: GridOrder = {}): Grid<C>[] {
  const byGrid = new Map<string, C[]>();
  for (const c of cells) {
    const k = `${c.endpoint}\u0000${c.path}\u0000${c.method}`;
    const list = byGrid.get(k);
    if (list) list.push(c);
    else byGrid.set(k, [c]);
  }
  const grids: Grid<C>[] = [];
  for (const list of byGrid.values()) {
    const first = list[0]!;
    const positions = new Map<string, GridPosition<C>>();
    for (const c of list) {
      const k = posKey(c.role, c.api);
      const p = positions.get(k);
      if (p) {
        p.cells.push(c);
        p.verdict = worstVerdict(p.verdict, c.verdict);
        p.disagreement ||= c.disagreement === true;
      } else {
        positions.set(k, {
          role: c.role,
          api: c.api,
          cells: [c],
          verdict: c.verdict,
          disagreement: c.disagreement === true,
        });
      }
    }
    grids.push({
      endpoint: first.endpoint,
      method: first.method,
      path: first.path,
      roles: orderBy(
        list.map((c) => c.role),
        order.roles,
      ),
      apis: orderBy(
        list.map((c) => c.api),
        order.apis,
      ),
      positions,
    });
  }
  const m = (x: string) => {
    const i = METHOD_ORDER.indexOf(x.toUpperCase());
    return i < 0 ? METHOD_ORDER.length : i;
  };
  return grids.sort(
    (a, b) =>
      a.endpoint.localeCompare(b.endpoint) ||
      a.path.localeCompare(b.path) ||
      m(a.method) - m(b.method) ||
      a.method.localeCompare(b.method),
  );
}

/**
 * Cells that need a reader's attention: disagreements between prediction and wire first (a finding
 * about the model or the policies), then errors, then failures, then disagreements that passed.
 */
export function attentionCells<C extends GridCell>(cells: readonly C[]): C[] {
  const rank = (c: C) =>
    c.disagreement && c.verdict !== 'pass' ? 0 : c.verdict === 'error' ? 1 : c.verdict === 'fail' ? 2 : 3;
  return cells
    .filter((c) => c.verdict !== 'pass' || c.disagreement)
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map((x) => x.c);
}
