// `npm test`'s type check and ESLint in one process over one TypeScript program: the program
// tsconfig.json makes (src, step-definitions, test, bench) is what `tsc --noEmit` checks and what
// ESLint's type-aware rules read for src/ and step-definitions/ (eslint.config.js's TYPED). Run
// apart, each parsed and bound the same 3,000 files and ESLint's rules asked a second checker for
// the types tsc had just found: together 116 s of CPU, here 90 s (both at load 25). The same
// findings, printed as `tsc` and `eslint` print them; exit 1 if either finds anything (or 2 if the
// program cannot be made). `npm run typecheck` and `npm run lint` still run each tool alone.
import { ESLint } from 'eslint';
import ts from 'typescript';
import { TYPED } from '../eslint.config.js';

// The incremental state the typecheck check kept before (a second `npm test` re-checks only what
// changed; `rm -rf dist` clears it).
const BUILD_INFO = 'dist/.typecheck.tsbuildinfo';

const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail(d) };
const parsed = ts.getParsedCommandLineOfConfigFile(
  'tsconfig.json',
  { noEmit: true, incremental: true, tsBuildInfoFile: BUILD_INFO },
  host,
);
if (!parsed) fail('tsconfig.json could not be read');
const builder = ts.createIncrementalProgram({
  rootNames: parsed.fileNames,
  options: parsed.options,
  projectReferences: parsed.projectReferences,
  configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
});
const program = builder.getProgram();
const diagnostics = [
  ...builder.getConfigFileParsingDiagnostics(),
  ...builder.getOptionsDiagnostics(),
  ...builder.getGlobalDiagnostics(),
  ...builder.getSyntacticDiagnostics(),
  ...builder.getSemanticDiagnostics(),
];
// With noEmit this writes the build info alone.
builder.emit();
const formatHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: ts.sys.getCurrentDirectory,
  getNewLine: () => ts.sys.newLine,
};
if (diagnostics.length) {
  process.stdout.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));
  process.stdout.write(`\ntypecheck: ${diagnostics.length} error(s)\n`);
}

// ESLint as `eslint .` runs it, its typed files read from the program above instead of a project
// service of its own.
const eslint = new ESLint({
  overrideConfig: {
    files: TYPED,
    languageOptions: { parserOptions: { projectService: false, programs: [program] } },
  },
});
const results = await eslint.lintFiles(['.']);
const formatter = await eslint.loadFormatter('stylish');
process.stdout.write(await formatter.format(results));
// As `eslint .`: warnings are printed, errors fail.
const errors = results.reduce((n, r) => n + r.errorCount, 0);
process.exitCode = diagnostics.length || errors ? 1 : 0;

function fail(d) {
  const text = typeof d === 'string' ? d : ts.flattenDiagnosticMessageText(d.messageText, '\n');
  process.stderr.write(`types-and-lint: ${text}\n`);
  process.exit(2);
}
