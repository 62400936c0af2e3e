// A process's memory from /proc (Linux): the resident set now (VmRSS) and its peak (VmHWM), and the
// processes it started (to find the engine's model process among the host's children).
import { readdirSync, readFileSync } from 'node:fs';

/** A field of /proc/<pid>/status in MB (VmRSS, VmHWM…); 0 when the process is gone. */
export function procStatusMb(pid: number, field: string): number {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The direct children of `pid` with their command lines (scanned from /proc/<n>/stat's parent field). */
export function childProcesses(pid: number): { pid: number; cmdline: string }[] {
  const out: { pid: number; cmdline: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses: the parent pid follows the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== pid) continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.push({ pid: Number(name), cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** The engine's model process (node-llama-cpp's child: llama-worker.js built, gguf/worker.ts from source). */
export function llamaChildPid(enginePid: number): number | null {
  return childProcesses(enginePid).find((c) => /llama-worker|gguf[/\\]worker/.test(c.cmdline))?.pid ?? null;
}
