// Where commands write. `--json` output goes to stdout as one document; human text to stderr.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Cucumber's progress, written as it comes (dots, no line ends): stderr when absent. */
  progress?(chunk: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => void process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  env: process.env,
  cwd: process.cwd(),
};
