// Every command's summary and usage line, written once: `lucarne --help`, `lucarne <command> --help` and
// the commands' usage errors are all derived from this table (docs/cli.md describes the same commands).

export interface CommandDoc {
  summary: string;
  usage: string;
}

export const COMMANDS = {
  index: {
    summary: 'Index a folder (and keep its documents in the library)',
    usage:
      'lucarne index <folder> [--data DIR] [--password PW --file F] [--json] ' +
      '[--provider offline|gemini|local|ollama|openai-compatible] [--chat-model PATH|NAME] [--embed-model PATH|NAME] [--base-url URL]',
  },
  status: {
    summary: 'Show every document with its status, pages and chunks',
    usage: 'lucarne status [--data DIR] [--json]',
  },
  search: {
    summary: 'Search the library (hybrid: keywords + vectors)',
    usage:
      'lucarne search "query" [--data DIR] [-k N] [--mode bm25|vector|hybrid] [--json] ' +
      '[--provider offline|gemini|local|ollama|openai-compatible] [--chat-model PATH|NAME] [--embed-model PATH|NAME] [--base-url URL]',
  },
  ask: {
    summary: 'Ask a question; the answer streams, then its numbered sources',
    usage:
      'lucarne ask "question" [--data DIR] [-k N] [--json] [--provider offline|gemini|local|ollama|openai-compatible] [--chat-model PATH|NAME] [--embed-model PATH|NAME] [--base-url URL]',
  },
  migrate: {
    summary: 'Move the library between the embedded store and a Chroma server, then verify',
    usage:
      'lucarne migrate --to chroma|embedded [--chroma-url URL] [--chroma-tenant T] [--chroma-database D] ' +
      '[--chroma-prefix P] [--chroma-token TOKEN] [--data DIR] [--model ID] [--replace] [--queries N] [--json] [--quiet]',
  },
  models: {
    summary: 'List the GGUF models on this machine (LM Studio, GPT4All, Jan, Ollama, Hugging Face, added)',
    usage: 'lucarne models [--dir DIR] [FILE|DIR]... [--data DIR] [--json]',
  },
  verify: {
    summary: "Check a written answer's sentences against the passages they cite (JSON on standard input)",
    usage: 'lucarne verify [--json] [--jsonl]  < {"answer": "...", "sources": [{"n": 1, "text": "..."}]}',
  },
  eval: {
    summary:
      'Measure retrieval quality on a BEIR dataset (nDCG@10, recall, MRR) or on questions over real documents (--qa)',
    usage:
      'lucarne eval --beir DIR [--split train|test] [--mode bm25|vector|hybrid|all] [--limit N] [--json] ' +
      '[--provider offline|gemini|local|ollama|openai-compatible] [--chat-model PATH|NAME] [--embed-model PATH|NAME] [--base-url URL]\n' +
      '       lucarne eval --qa DIR [--data DIR] [--k N] [--limit N] [--answers numeric|all|none] [--details FILE.jsonl] [--json]',
  },
} as const satisfies Record<string, CommandDoc>;

export type CommandName = keyof typeof COMMANDS;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** `lucarne --help`. */
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

/** `lucarne <command> --help`. */
export function commandHelp(name: CommandName): string {
  return `${COMMANDS[name].summary}\n\nUsage: ${COMMANDS[name].usage}\n`;
}

/** A command's usage line, for its usage errors. */
export function usage(name: CommandName): string {
  return COMMANDS[name].usage;
}

/** "lucarne ask: what is the question? Usage: lucarne ask …": a missing argument, with the usage line. */
export function usageError(name: CommandName, problem: string): string {
  return `lucarne ${name}: ${problem} Usage: ${usage(name)}\n`;
}
