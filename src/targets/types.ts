/**
 * A query target: where a hunt's queries run. `local` is kqlhunt's own engine over loaded
 * telemetry; the remote targets send the query text to Azure Data Explorer, a Log Analytics
 * (Sentinel) workspace or Defender XDR advanced hunting through Microsoft's SDKs and turn the answer
 * into an engine table, so findings, the store and triage work the same wherever a rule ran.
 */
import type { Diagnostic, Table } from '../kql/engine.js';

export type TargetKind = 'local' | 'adx' | 'log-analytics' | 'defender';

/**
 * Why a query did not come back. `query`: the engine refused or failed this query (the hunt goes on
 * with the next rule); the others are about the target itself and stop a hunt (one clear line,
 * exit 4): credentials refused (`auth`), cannot connect (`connection`), still throttled after the
 * retries (`throttled`), no answer in time (`timeout`), an answer we cannot read (`protocol`).
 * `unsupported`: the query uses a feature the target lacks; it was not sent.
 */
export type TargetFailureKind = 'query' | 'auth' | 'connection' | 'throttled' | 'timeout' | 'protocol' | 'unsupported';

export interface TargetFailure {
  readonly kind: TargetFailureKind;
  /** A stable code: KQL… for engine diagnostics, TGT… for target failures (docs/targets.md). */
  readonly code: string;
  readonly message: string;
}

/** Failures that are about the target, not the query: a hunt stops on the first one. */
export function isFatal(f: TargetFailure): boolean {
  return f.kind !== 'query' && f.kind !== 'unsupported';
}

export interface TargetQuery {
  readonly text: string;
  /** The instant now() means (ADX: the query_now request property; elsewhere the end of the timespan). */
  readonly now?: bigint;
  /** The time window the query looks at, passed as the API's timespan where it has one. */
  readonly window?: { readonly start: bigint; readonly end: bigint };
  readonly timeoutMs?: number;
}

export type TargetOutcome =
  | {
      readonly ok: true;
      readonly table: Table;
      /** Set when the engine returned only part of the result (row/size limit, partial error). */
      readonly partial?: string;
      readonly diagnostics: readonly Diagnostic[];
    }
  | { readonly ok: false; readonly failure: TargetFailure };

export interface QueryTarget {
  readonly kind: TargetKind;
  /** The address as recorded on runs: 'local', adx://…, la://…, defender:// (never a secret). */
  readonly address: string;
  readonly remote: boolean;
  /** One line: the engine's limits the target honours (rows, time, throttling). */
  readonly limits: string;
  /** Diagnostics for features the target lacks; a query with an error here is not sent. */
  check(text: string): readonly Diagnostic[];
  run(q: TargetQuery): Promise<TargetOutcome>;
  close(): Promise<void>;
}

/** A target that cannot be used at all (bad address, no SDK): the CLI reports it as one line, exit 4. */
export class TargetError extends Error {
  override readonly name = 'TargetError';
  constructor(
    readonly failure: TargetFailure,
    options?: { cause?: unknown },
  ) {
    super(failure.message, options);
  }
}
