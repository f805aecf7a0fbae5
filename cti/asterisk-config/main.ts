// Stand-alone entry for scripts/asterisk-sandbox.sh while cti/cli.ts has no
// `asterisk-config` subcommand: node dist/cti/asterisk-config/main.js --out DIR
import { runAsteriskConfigCommand } from './command.js';

process.exitCode = await runAsteriskConfigCommand(process.argv.slice(2), process.env);
