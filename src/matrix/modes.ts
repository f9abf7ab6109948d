// Where a run's answers come from (docs/design.md "Modes"): declared once, here. A module of its
// own so the CLI can name the modes without loading the report schema and reporters.
export const RUN_MODES = ['sandbox', 'live', 'offline'] as const;
