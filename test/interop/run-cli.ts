// Runs the CLI from source (node --import tsx test/interop/run-cli.ts ARGS...), as bin/spokegate.js
// runs it from dist.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
