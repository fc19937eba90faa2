/**
 * The local target: kqlhunt's own engine over loaded tables (today's behaviour, and what `--compare
 * local` and the tests' protocol servers use to answer queries).
 */
import { runQuery, type TableProvider } from '../kql/engine.js';
import type { QueryTarget, TargetOutcome, TargetQuery } from './types.js';

export function localTarget(provider: TableProvider, options: { maxRows?: number } = {}): QueryTarget {
  return {
    kind: 'local',
    address: 'local',
    remote: false,
    limits: 'local engine: per-query time limit (--timeout), row budget, no quotas',
    check: () => [],
    async run(q: TargetQuery): Promise<TargetOutcome> {
      try {
        const r = runQuery(q.text, {
          provider,
          ...(q.now !== undefined ? { now: q.now } : {}),
          ...(q.timeoutMs ? { timeoutMs: q.timeoutMs } : {}),
          ...(options.maxRows ? { maxRows: options.maxRows } : {}),
        });
        const err = r.diagnostics.find((d) => d.severity === 'error');
        if (err || !r.result)
          return {
            ok: false,
            failure: {
              kind: 'query',
              code: err?.code ?? 'HUNT001',
              message: err ? `${err.message} (line ${err.line}, column ${err.column})` : 'no result table',
            },
          };
        return { ok: true, table: r.result.table, diagnostics: r.diagnostics };
      } catch (e) {
        return { ok: false, failure: { kind: 'query', code: 'KQL901', message: (e as Error).message } };
      }
    },
    async close() {},
  };
}
