// vitest globalSetup: every test file (and every process it starts) writes its temporary folders
// under one folder of this run, removed when the run ends. Many tests make a folder per case with
// mkdtemp and leave it for the operating system; on a shared CI host thousands piled up in /tmp.
// The workers are forked after this runs, so they and their children inherit TMPDIR (os.tmpdir()
// reads it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const PREFIX = 'spokegate-tests-';

export default function setup(): () => void {
  // Each vitest project runs the global setup; the second one keeps the first one's folder.
  if (basename(tmpdir()).startsWith(PREFIX)) return () => undefined;
  const saved = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), PREFIX));
  process.env.TMPDIR = root;
  return () => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(root, { recursive: true, force: true });
  };
}
