import type { Io } from '../io.js';

export async function run(_opts: Record<string, unknown>, _args: string[], io: Io): Promise<number> {
  io.err('spokegate sandbox: not implemented yet');
  return 3;
}
