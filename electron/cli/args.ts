// A small argv parser: positionals, --flag value, --flag=value, boolean --flag, and short -k N.
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

const BOOLEAN_FLAGS = new Set(['json', 'help', 'quiet', 'full', 'quick', 'no-watch', 'verbose']);

export function parseArgs(argv: string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        flags[a.slice(2, eq)] = a.slice(eq + 1);
        continue;
      }
      const name = a.slice(2);
      const next = argv[i + 1];
      if (!BOOLEAN_FLAGS.has(name) && next !== undefined && !next.startsWith('--')) {
        flags[name] = next;
        i++;
      } else flags[name] = true;
    } else if (/^-[a-zA-Z]$/.test(a)) {
      const next = argv[i + 1];
      if (a === '-h') flags.help = true;
      else if (next !== undefined) {
        flags[a.slice(1)] = next;
        i++;
      } else flags[a.slice(1)] = true;
    } else positionals.push(a);
  }
  return { positionals, flags };
}

/** A flag's value when it was given one (`--file F`), else undefined (absent, or a bare `--file`). */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}
