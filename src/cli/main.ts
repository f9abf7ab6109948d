// The `spokegate` command: a thin shell over the library. Each subcommand's module is loaded only
// when it runs, so start-up stays fast.
import { Command, CommanderError, Option } from 'commander';
import { EXIT, InfraError, InputError } from '../errors.js';
import { addressingModes } from '../gateway/addressing.js';
// The formats alone: the analysis loads only when who-can runs.
import { WHO_CAN_FORMATS } from '../analysis/formats.js';
// The modes alone: the matrix's reporters load only for the commands that write reports.
import { RUN_MODES } from '../matrix/modes.js';
import {
  CALL_HELP,
  CHECK_HELP,
  DIFF_HELP,
  EVALUATE_HELP,
  LINT_HELP,
  PROGRAM_HELP,
  RUN_HELP,
  SANDBOX_HELP,
  teach,
  WHO_CAN_HELP,
} from './help.js';
import { capMiddle, neutralise, oneLine } from '../escape/index.js';
// The project boundary alone (the readers, with yaml and jsonc-parser, load with the commands).
import { makeScope, withCommandScope } from '../input/scope.js';
import { processIo, type Io } from './io.js';
import { toolVersion } from '../package.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** An option that takes one of `choices` (commander checks it and shows them), with its default if any. */
const oneOf = (
  flags: string,
  description: string,
  choices: readonly string[],
  byDefault?: string,
): Option => {
  const o = new Option(flags, description).choices(choices);
  return byDefault === undefined ? o : o.default(byDefault);
};

const CONFIG_HELP =
  'config file (must exist when given; default ./spokegate.config.yaml, else the demo config)';
const NOW_HELP =
  'the instant the analysis reads as now, e.g. 2026-12-02T00:00:00Z (default: the start of today, UTC)';
const ENDPOINT_POLICY_HELP =
  'endpoint policy file (JSON, Terraform plan or CloudFormation): ALIAS=FILE for that endpoint, ' +
  'a plain FILE for the default endpoint only (repeatable)';
const ALLOW_DISAGREEMENT_HELP =
  'a prediction that contradicts the wire does not fail the run (the model is known to be incomplete, ' +
  'e.g. SCPs or permission boundaries); the reports say so';

export async function main(argv: string[], given: Io = processIo): Promise<number> {
  // Human text on stderr may carry names from the input: ANSI and bidi controls are made visible.
  const io: Io = { ...given, err: (t) => given.err(neutralise(t)) };
  let code: number = EXIT.ok;
  const program = new Command('spokegate')
    .description(
      'Prove which IAM roles an execute-api VPC endpoint lets through to private API Gateway APIs.',
    )
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      // commander's errors quote what was typed (`unknown option '--x…'`): each line capped.
      outputError: (s, write) =>
        write(
          s
            .split('\n')
            .map((l) => capMiddle(l, 2000))
            .join('\n'),
        ),
    })
    .showHelpAfterError(false)
    .addHelpText('after', teach(PROGRAM_HELP));

  const act =
    (load: () => Promise<{ run: (opts: never, args: never, io: Io) => Promise<number> }>) =>
    async (...params: unknown[]) => {
      const cmd = params[params.length - 1] as Command;
      const opts = cmd.opts<{ root?: string; allowOutsideRoot?: boolean }>();
      const mod = await load();
      // Every input file this command opens goes through src/input, inside this project boundary.
      const scope = makeScope({ cwd: io.cwd, root: opts.root, allowOutsideRoot: opts.allowOutsideRoot });
      code = await withCommandScope(scope, () => mod.run(opts as never, cmd.args as never, io));
    };

  program
    .command('run')
    .description('Run the Gherkin scenarios and write the access-matrix reports.')
    .argument('[feature...]', 'feature files or folders')
    .addOption(oneOf('--mode <mode>', 'where the answers come from', RUN_MODES, 'sandbox'))
    .option('--config <file>', CONFIG_HELP)
    .option('--reports <dir>', 'report folder', 'reports')
    .option('--tags <expr>', 'Cucumber tag expression')
    .option(
      '--concurrency <n>',
      "requests in flight at once, 1-512 (default: the config's defaults.concurrency)",
    )
    .option('--endpoint-policy <[alias=]file>', ENDPOINT_POLICY_HELP, collect)
    .option(
      '--resource-policy <alias=file>',
      'an API resource policy file instead of the one read (repeatable)',
      collect,
    )
    .option('--allow-disagreement', ALLOW_DISAGREEMENT_HELP)
    .addHelpText('after', teach(RUN_HELP))
    .action(act(() => import('./commands/run.js')));

  program
    .command('call')
    .description('Send one signed request to a spoke API through the hub endpoint.')
    .argument('<method>', 'HTTP method')
    .argument('<path>', 'path relative to the stage, e.g. /orders')
    .requiredOption('--as <who>', 'self | anonymous | role alias | role ARN (required)')
    .option('--api <alias>', 'API alias from the config (required, or --api-id and --stage)')
    .option('--api-id <id>', 'REST API id (with --stage)')
    .option('--stage <stage>', "stage name (default: the --api's stage in the config)")
    .option('--region <region>', 'AWS region')
    .option('--endpoint <alias>', 'endpoint alias from the config')
    .option('--vpce <id>', 'VPC endpoint id')
    .option('--endpoint-dns <name>', 'endpoint-specific DNS name')
    .addOption(
      oneOf(
        '--addressing <mode>',
        "how the API is addressed (default: the endpoint's addressing, else private-dns)",
        addressingModes,
      ),
    )
    .option('--resolve <host:port:addr>', 'curl-style --resolve (repeatable)', collect)
    .option(
      '--connect-to <host:port:addr:port>',
      'curl-style --connect-to (repeatable; default: $SPOKEGATE_CONNECT_TO)',
      collect,
    )
    .option('--ca <file>', 'extra CA bundle (PEM) (default: $AWS_CA_BUNDLE)')
    .option('-H, --header <header>', "extra header 'Name: value' (repeatable)", collect)
    .option('-d, --data <body>', 'request body')
    .option('--config <file>', 'config file (default: ./spokegate.config.yaml when present)')
    .option('--timeout-ms <ms>', "per-request timeout, 100-600000 (default: the config's, else 10000)")
    .option('--retries <n>', "retries for throttling, 5xx and resets, 0-10 (default: the config's, else 3)")
    .option('--json', 'print one JSON document on stdout')
    .option('--verbose', 'show the canonical request and string to sign (secrets redacted)')
    .addHelpText('after', teach(CALL_HELP))
    .action(act(() => import('./commands/call.js')));

  program
    .command('evaluate')
    .description('Evaluate one request against policies and explain the decision.')
    .option('--policy <file>', 'a single policy (required, or one or more of the layers below)')
    .option('--endpoint-policy <file>', 'the endpoint policy layer')
    .option('--resource-policy <file>', 'the resource policy layer')
    .option('--identity-policy <file>', 'an identity policy (repeatable)', collect)
    .option('--session-policy <file>', "a session policy of the principal's session (repeatable)", collect)
    .option(
      '--permissions-boundary <file>',
      "the permissions boundary of the principal's role or user (a federated user's: its federating user's)",
    )
    .requiredOption(
      '--principal <arn>',
      "role ARN (keeps the role's path in aws:PrincipalArn), assumed-role session ARN (carries no path: add --context aws:PrincipalArn=ROLE_ARN), user, federated-user or root ARN, or anonymous (required)",
    )
    .requiredOption('--action <action>', 'e.g. execute-api:Invoke (required)')
    .requiredOption('--resource <arn>', 'resource ARN (required)')
    .option('--context <key=value>', 'add or override a context key (repeatable)', collect)
    .option(
      '--resource-org <id>',
      "the organization of the API's account (o-…, as aws:ResourceOrgID), or none: needed when a policy looks at aws:ResourceOrgID/aws:ResourceOrgPaths and the decision depends on it",
    )
    .option('--auth-type <type>', 'method authorization type AWS_IAM or NONE', 'AWS_IAM')
    .option('--json', 'print one JSON document on stdout')
    .addHelpText('after', teach(EVALUATE_HELP))
    .action(act(() => import('./commands/evaluate.js')));

  program
    .command('check')
    .description('Run the features offline against policies from IaC (pre-merge check).')
    .argument('[feature...]', 'feature files or folders')
    .requiredOption('--endpoint-policy <[alias=]file>', `${ENDPOINT_POLICY_HELP} (required)`, collect)
    .option('--resource-policy <alias=file>', 'an API resource policy file (repeatable)', collect)
    .option('--config <file>', CONFIG_HELP)
    .option('--reports <dir>', 'report folder', 'reports')
    .option('--tags <expr>', 'Cucumber tag expression')
    .addOption(
      oneOf(
        '--format <format>',
        'stdout: text (summary on stderr only), md or json',
        ['text', 'md', 'json'],
        'text',
      ),
    )
    .addHelpText('after', teach(CHECK_HELP))
    .action(act(() => import('./commands/check.js')));

  program
    .command('diff')
    .description('Show which access-matrix cells an IaC change flips.')
    .argument('[feature...]', 'feature files: compare their cells instead of the config probes')
    .option('--plan <file>', 'Terraform plan JSON (terraform show -json) (required, or --before and --after)')
    .option('--before <file>', 'policy or IaC file before the change (with --after)')
    .option('--after <file>', 'policy or IaC file after the change (with --before)')
    .option('--config <file>', CONFIG_HELP)
    .addOption(oneOf('--format <format>', 'output format', ['text', 'md', 'json'], 'text'))
    .addOption(oneOf('--fail-on <what>', 'when to exit 1', ['grant', 'any', 'none'], 'grant'))
    .option('--now <instant>', NOW_HELP)
    .addHelpText('after', teach(DIFF_HELP))
    .action(act(() => import('./commands/diff.js')));

  program
    .command('who-can')
    .description('List every class of principals and requests the endpoint and APIs let through.')
    .addOption(oneOf('--mode <mode>', 'where the policies come from (offline: files)', RUN_MODES, 'offline'))
    .option('--config <file>', CONFIG_HELP)
    .option('--endpoint <alias>', 'endpoint alias (default: the config default)')
    .option('--api <alias>', 'one API (default: every API in the config)')
    .option('--method <method>', 'one method (default: every method)')
    .option('--path <path>', 'one path, e.g. /orders (default: every path)')
    .option(
      '--endpoint-policy <[alias=]file>',
      'the endpoint policy (JSON, Terraform plan or CloudFormation): ALIAS=FILE for that endpoint, a plain FILE for the default endpoint only',
    )
    .option('--resource-policy <alias=file>', 'an API resource policy (repeatable)', collect)
    .option('--now <instant>', NOW_HELP)
    .addOption(oneOf('--format <format>', 'output format', WHO_CAN_FORMATS, 'text'))
    // Two formats asked is not one answer: --json beside another --format was taken as json.
    .addOption(new Option('--json', 'same as --format json').conflicts('format'))
    .addHelpText('after', teach(WHO_CAN_HELP))
    .action(act(() => import('./commands/who-can.js')));

  program
    .command('lint')
    .description('Lint an endpoint, resource or identity policy.')
    .argument('<file>', 'policy file (JSON, Terraform plan or CloudFormation template)')
    .addOption(oneOf('--kind <kind>', 'policy kind', ['endpoint', 'resource', 'identity']))
    .addOption(oneOf('--format <format>', 'output format', ['text', 'json', 'sarif'], 'text'))
    .addOption(
      oneOf('--fail-on <severity>', 'exit 1 at or above', ['error', 'warning', 'info', 'none'], 'error'),
    )
    .addHelpText('after', teach(LINT_HELP))
    .action(act(() => import('./commands/lint.js')));

  program
    .command('sandbox')
    .description('Serve the embedded hub-and-spoke AWS on loopback until interrupted.')
    .option('--world <file>', 'world file (default: features/sandbox/world.yaml, else the demo world)')
    .option('--port <n>', 'port, 0-65535 (0 picks a free one)', '0')
    .option('--http', 'plain HTTP instead of HTTPS')
    .option('--seed <n>', "seed for faults (default: the world's seed)")
    .option('--export-file <file>', 'write the export block to FILE (once ready) instead of stdout')
    .addHelpText('after', teach(SANDBOX_HELP))
    .action(act(() => import('./commands/sandbox.js')));

  if (argv.length === 0) {
    // Nothing asked: say what can be asked, and do not pass for a successful run.
    program.outputHelp({ error: true });
    return EXIT.input;
  }
  for (const cmd of program.commands) {
    cmd
      .option(
        '--root <dir>',
        "the project folder input files must be in (default: the working folder and the config's folder)",
      )
      .option(
        '--allow-outside-root',
        'read input files outside the project folder too (never quoted in messages), and write --reports or --export-file through a folder that links out of it',
      );
    refuseRepeats(cmd);
  }

  try {
    await program.parseAsync(unknownCommandAlone(argv, program), { from: 'user' });
    return code;
  } catch (e) {
    return report(e, io);
  }
}

/**
 * A one-value option given twice is exit 2 naming it: commander keeps the last value without a
 * word, so `--config a.yaml --config b.yaml` in a CI script read b. The options documented as
 * repeatable (their values collected) and flags (saying the same thing twice) may repeat.
 */
function refuseRepeats(cmd: Command): void {
  const seen = new Set<string>();
  for (const o of cmd.options) {
    if ((!o.required && !o.optional) || o.parseArg === collect) continue;
    cmd.on(`option:${o.name()}`, () => {
      if (seen.has(o.name()))
        throw new InputError(`${o.long ?? o.flags} is given twice; give it once (it takes one value)`);
      seen.add(o.name());
    });
  }
}

/**
 * Help asked for a command that does not exist (`spokegate frob --help`, `spokegate help frob`):
 * commander would print the program's help and exit 0, so a typo in a CI script would pass. The
 * unknown command alone gets commander's own error ("did you mean"), exit 2.
 */
function unknownCommandAlone(argv: string[], program: Command): string[] {
  const asked = argv[0] === 'help' ? argv[1] : argv[0];
  if (asked === undefined || asked.startsWith('-')) return argv;
  return program.commands.some((c) => c.name() === asked) ? argv : [asked];
}

/**
 * An error message as one line of at most 2,000 characters, controls visible: a value it names (an
 * option, an environment variable, a file name) may hold a line feed, which would forge a line of
 * output ("spokegate: … PASS") that a reader or a CI log parser takes as spokegate's own.
 */
const errorLine = (msg: string): string => capMiddle(neutralise(oneLine(msg)), 2000);

/** One line, no stack trace: what went wrong and where. */
export function report(e: unknown, io: Io): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.version' || e.code === 'commander.helpDisplayed' || e.code === 'commander.help')
      return EXIT.ok;
    return EXIT.input; // commander already printed the reason
  }
  if (e instanceof InputError) {
    io.err(`spokegate: ${errorLine(e.message)}`);
    return EXIT.input;
  }
  // Hostile nesting that got past the limits overflows the stack in a parser: still bad input.
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    io.err('spokegate: an input is nested too deeply to read');
    return EXIT.input;
  }
  if (e instanceof InfraError) {
    io.err(`spokegate: ${errorLine(e.message)}`);
    return EXIT.infra;
  }
  const msg = e instanceof Error ? e.message : String(e);
  io.err(`spokegate: internal error: ${errorLine(msg)}`);
  if (process.env.SPOKEGATE_DEBUG && e instanceof Error) io.err(e.stack ?? '');
  return EXIT.infra;
}
