// Which scenario a call belongs to, as the reports name it: the scenario's name, and where it is, so
// the rows of a Scenario Outline (one name) and scenarios that share a name are told apart.
import type { Cell } from '../matrix/index.js';

export type ScenarioRef = Pick<Cell, 'scenario' | 'scenarioLocation'>;

/**
 * `features/x.feature:42`: the pickle's feature file (relative to the working folder: Cucumber runs
 * copies at the same relative paths) and the line of its scenario, or of its Examples row when it is
 * a row of an Outline (Gherkin gives a pickle that row's location).
 */
export function pickleLocation(pickle: { uri: string; location?: { line: number } }): string {
  return `${pickle.uri}${pickle.location ? `:${pickle.location.line}` : ''}`;
}

export function pickleRef(pickle: { name: string; uri: string; location?: { line: number } }): ScenarioRef {
  return { scenario: pickle.name, scenarioLocation: pickleLocation(pickle) };
}

/** A scenario given by name alone (library callers, tests) or by name and location. */
export function scenarioRef(s: string | ScenarioRef): ScenarioRef {
  return typeof s === 'string' ? { scenario: s } : s;
}
