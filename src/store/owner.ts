/**
 * Who owns a 'running' run: the process that started it, recorded as host name, pid and the
 * process's start time (pid alone is reused by the system). When the store opens, only runs whose
 * owner is known dead are marked 'interrupted' — a run list, the web app or a second hunt opening
 * the same store while a hunt runs leave that hunt alone.
 *
 * Liveness: same host only (a store on a shared disk may be used from another machine, whose
 * processes we cannot see); `kill(pid, 0)` says whether the pid exists; on Linux the start time in
 * /proc tells a reused pid from the original owner.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface RunOwner {
  readonly host: string;
  readonly pid: number;
  /** Process start, ms since 1970 (rounded to the second). */
  readonly startedMs: number;
}

/** This process, as the owner of the runs it starts. */
export function currentOwner(): RunOwner {
  return {
    host: hostname(),
    pid: process.pid,
    startedMs: Math.round((Date.now() - process.uptime() * 1000) / 1000) * 1000,
  };
}

/** Start time of `pid` on this machine (Linux /proc), or undefined when it cannot be read. */
function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]); // field 22 of the full line: start time in clock ticks since boot
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!Number.isFinite(ticks) || !btime) return undefined;
    // Linux reports in USER_HZ, which is 100 on every architecture Node supports.
    return Number(btime[1]) * 1000 + (ticks / 100) * 1000;
  } catch {
    return undefined;
  }
}

/** Slack for comparing start times taken two ways (uptime vs /proc, rounding to seconds). */
const START_SLACK_MS = 5000;

/**
 * True when the owner is certainly gone: same host, and its pid does not exist or belongs to a
 * process that started at another time. Unknown owners (older rows) count as gone, as before.
 */
export function ownerIsDead(owner: Partial<RunOwner>): boolean {
  if (owner.pid === undefined || owner.host === undefined) return true;
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid)
    return owner.startedMs !== undefined && Math.abs(owner.startedMs - currentOwner().startedMs) > START_SLACK_MS;
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    // EPERM: the pid exists but belongs to another user — alive.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const started = processStartMs(owner.pid);
  if (started === undefined || owner.startedMs === undefined) return false;
  return Math.abs(started - owner.startedMs) > START_SLACK_MS;
}
