// What every `lucarne` command is: a run(args, io) that writes to the given streams and returns its exit
// code. The streams are passed in (not process.stdout) so the tests run commands in-process.
import type { ParsedArgs } from './args';

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  isTTY: boolean;
}

export interface Command {
  run(args: ParsedArgs, io: CommandIo): Promise<number>;
}
