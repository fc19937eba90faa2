/**
 * `--target` and `--auth`, shared by hunt, query and serve. The target module (and through it the
 * Azure SDKs) is imported only when a remote target is given.
 */
import type { QueryTarget } from '../targets/types.js';
import { UsageError } from './exit.js';

export const TARGET_OPTION = [
  '--target <address>',
  'where queries run: local (default), adx://<cluster-uri>/<database>, la://<workspace-id>, defender:// (see docs/targets.md)',
] as const;

export const AUTH_OPTION = [
  '--auth <method>',
  'credential for a remote target: default, cli, device-code, managed-identity, client-secret, client-certificate, token, none (default: $KQLHUNT_AUTH, else none for a loopback ADX, else default)',
] as const;

export interface TargetFlags {
  readonly target?: string;
  readonly auth?: string;
}

/** The remote target the flags ask for; undefined for local. */
export async function targetOption(flags: TargetFlags): Promise<QueryTarget | undefined> {
  const text = flags.target ?? 'local';
  if (text === 'local') return undefined;
  const { openTarget, parseAuthMethod, AUTH_METHODS } = await import('../targets/index.js');
  const authText = flags.auth ?? process.env.KQLHUNT_AUTH;
  const auth = parseAuthMethod(authText);
  if (authText !== undefined && authText !== '' && !auth)
    throw new UsageError(`--auth: '${authText}' is not one of ${AUTH_METHODS.join(', ')}`);
  try {
    return await openTarget(text, { ...(auth ? { auth } : {}), log: (line) => process.stderr.write(`${line}\n`) });
  } catch (e) {
    // A malformed address is bad usage (exit 2); credential set-up problems stay target failures (exit 4).
    if (e instanceof Error && 'failure' in e && (e as { failure: { code: string } }).failure.code === 'TGT010')
      throw new UsageError(e.message);
    throw e;
  }
}
