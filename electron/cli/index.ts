// `lucarne`: the command-line face of the engine (the same code the app runs).
import { type ParsedArgs, parseArgs } from './args';

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  isTTY: boolean;
}

type Command = {
  summary: string;
  usage: string;
  load: () => Promise<{ run(args: ParsedArgs, io: CommandIo): Promise<number> }>;
};

const COMMANDS: Record<string, Command> = {
  index: {
    summary: 'Index a folder (and keep its documents in the library)',
    usage: 'lucarne index <folder> [--data DIR] [--password PW --file F] [--json]',
    load: () => import('./commands/index'),
  },
  status: {
    summary: 'Show every document with its status, pages and chunks',
    usage: 'lucarne status [--data DIR] [--json]',
    load: () => import('./commands/status'),
  },
  search: {
    summary: 'Search the library (hybrid: keywords + vectors)',
    usage: 'lucarne search "query" [--data DIR] [-k N] [--mode bm25|vector|hybrid] [--json]',
    load: () => import('./commands/search'),
  },
  ask: {
    summary: 'Ask a question; the answer streams, then its numbered sources',
    usage: 'lucarne ask "question" [--provider offline|gemini] [--data DIR] [-k N] [--json]',
    load: () => import('./commands/ask'),
  },
  migrate: {
    summary: 'Move the library between the embedded store and a Chroma server, then verify',
    usage: 'lucarne migrate --to chroma|embedded [--chroma-url URL] [--data DIR] [--json]',
    load: () => import('./commands/migrate'),
  },
  eval: {
    summary: 'Measure retrieval quality on a BEIR dataset (nDCG@10, recall, MRR)',
    usage:
      'lucarne eval --beir DIR [--split train|test] [--mode bm25|vector|hybrid] [--provider offline|gemini] [--json]',
    load: () => import('./commands/eval'),
  },
};

export function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'Lucarne — ask questions about your own documents, on your own machine.',
    '',
    'Usage: lucarne <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Common options:',
    '  --data DIR   the library folder (default: $LUCARNE_DATA, else the OS app-data folder)',
    '  --json       machine-readable output (stable; see docs/cli.md)',
    '  --help       help for a command',
    '',
  ].join('\n');
}

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
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`lucarne: unknown command "${name}". Run "lucarne --help" for the list.\n`);
    return 2;
  }
  const args = parseArgs(rest);
  if (args.flags.help) {
    io.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  const mod = await command.load();
  return mod.run(args, io);
}

const invokedDirectly = process.argv[1] && /(?:cli\.js|cli\/index\.ts)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stderr.isTTY) })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((err) => {
      process.stderr.write(`lucarne: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
}
