// `lucarne`: the command-line face of the engine (the same code the app runs).
import { parseArgs } from './args';
import type { Command, CommandIo } from './command';
import { type CommandName, commandHelp, helpText, isCommandName } from './usage';

// Each command's module is loaded only when that command runs.
const LOADERS: Record<CommandName, () => Promise<Command>> = {
  index: () => import('./commands/index-folder'),
  status: () => import('./commands/status'),
  search: () => import('./commands/search'),
  ask: () => import('./commands/ask'),
  migrate: () => import('./commands/migrate'),
  eval: () => import('./commands/eval'),
  models: () => import('./commands/models'),
  verify: () => import('./commands/verify'),
};

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText());
    return 0;
  }
  if (name === '--version') {
    io.stdout.write('lucarne 0.1.0\n');
    return 0;
  }
  if (!isCommandName(name)) {
    io.stderr.write(`lucarne: unknown command "${name}". Run "lucarne --help" for the list.\n`);
    return 2;
  }
  const args = parseArgs(rest);
  if (args.flags.help) {
    io.stdout.write(commandHelp(name));
    return 0;
  }
  const command = await LOADERS[name]();
  return command.run(args, io);
}

const invokedDirectly = process.argv[1] && /(?:cli\.js|cli\/index\.ts)$/.test(process.argv[1]);
if (invokedDirectly) {
  // A reader that stops early (`lucarne ask … | head`) closes the pipe: stop quietly, as Unix tools do.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stderr.isTTY) })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((err) => {
      process.stderr.write(`lucarne: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
}
