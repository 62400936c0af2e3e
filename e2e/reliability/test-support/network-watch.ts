// Records every network destination a process tries to reach. With strace (apt `strace`): every connect,
// sendto and sendmsg system call of every thread, native code included. Without it: the process's sockets
// sampled from /proc every 20 ms (can miss a very short connection; the test says which method it used).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface Destination {
  family: 'inet' | 'inet6';
  address: string;
  port: number | null;
  call: string;
}

export function straceAvailable(): boolean {
  return spawnSync('strace', ['-V']).status === 0;
}

export function straceWrapper(logFile: string): string[] {
  return ['strace', '-f', '-qq', '-e', 'trace=connect,sendto,sendmsg,sendmmsg', '-o', logFile];
}

/** The traced program's pid (the child of strace). */
export function tracedPid(stracePid: number): number | null {
  try {
    const children = readFileSync(`/proc/${stracePid}/task/${stracePid}/children`, 'utf8').trim().split(/\s+/);
    return children[0] ? Number(children[0]) : null;
  } catch {
    return null;
  }
}

export function parseStrace(text: string): Destination[] {
  const out: Destination[] = [];
  for (const line of text.split('\n')) {
    const call = /\b(connect|sendto|sendmsg|sendmmsg)\(/.exec(line)?.[1];
    if (!call) continue;
    const v4 = /sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)/.exec(line);
    if (v4) out.push({ family: 'inet', address: v4[2], port: Number(v4[1]), call });
    const v6 = /sa_family=AF_INET6, sin6_port=htons\((\d+)\).*?inet_pton\(AF_INET6, "([^"]+)"/.exec(line);
    if (v6) out.push({ family: 'inet6', address: v6[2], port: Number(v6[1]), call });
  }
  return out;
}

export function isLocalDestination(address: string): boolean {
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  return /^127\./.test(a) || a === '::1' || a === '0.0.0.0' || a === '::';
}

function hexToAddress(hex: string): string {
  if (hex.length === 8) {
    const b = Buffer.from(hex, 'hex');
    return `${b[3]}.${b[2]}.${b[1]}.${b[0]}`;
  }
  const words: string[] = [];
  for (let i = 0; i < 32; i += 8) {
    const b = Buffer.from(hex.slice(i, i + 8), 'hex').reverse();
    words.push(b.toString('hex'));
  }
  const full = words.join('').match(/.{4}/g)!.join(':');
  if (full.startsWith('0000:0000:0000:0000:0000:ffff:')) {
    const tail = Buffer.from(full.slice(30).replace(':', ''), 'hex');
    return `::ffff:${tail[0]}.${tail[1]}.${tail[2]}.${tail[3]}`;
  }
  return full === '0000:0000:0000:0000:0000:0000:0000:0001' ? '::1' : full;
}

/** Remote ends of the sockets `pid` holds right now (TCP and UDP, v4 and v6). */
export function socketPeers(pid: number): Destination[] {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]);
      } catch {}
    }
  } catch {
    return [];
  }
  const out: Destination[] = [];
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
    const file = `/proc/${pid}/net/${table}`;
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || !inodes.has(cols[9])) continue;
      const [addr, port] = cols[2].split(':');
      const address = hexToAddress(addr);
      if (/^0+$/.test(addr)) continue; // not connected
      out.push({
        family: table.endsWith('6') ? 'inet6' : 'inet',
        address,
        port: Number.parseInt(port, 16),
        call: table,
      });
    }
  }
  return out;
}
