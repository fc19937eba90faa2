/**
 * The CLI's way into a HuntSession: the load report and warnings go to stderr, a progress line
 * only on a terminal, and a SessionError (bad --rules/--data/--ground-truth) becomes bad usage.
 */
import { HuntSession, SessionError, type SessionOptions } from '../hunts/session.js';
import { reportSummary } from './data.js';
import { UsageError } from './exit.js';

export async function openSession(
  o: Omit<SessionOptions, 'log' | 'onLoadProgress' | 'onLoadReport'>,
): Promise<HuntSession> {
  const tty = Boolean(process.stderr.isTTY);
  try {
    const session = await HuntSession.open({
      ...o,
      log: (line) => process.stderr.write(`${line}\n`),
      ...(tty
        ? {
            onLoadProgress: (p) =>
              process.stderr.write(`\r\x1b[Kloading ${p.file}: ${p.rows} rows, ${(p.bytes / 1048576).toFixed(1)} MB`),
          }
        : {}),
      onLoadReport: (report) => {
        if (tty) process.stderr.write('\r\x1b[K');
        process.stderr.write(reportSummary(report));
      },
    });
    return session;
  } catch (e) {
    if (e instanceof SessionError) throw new UsageError(e.message);
    throw e;
  }
}
