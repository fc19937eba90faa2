/**
 * Opening a `--target`: parse the address, pick the credential (auth.ts) and load the SDK for that
 * target only (dynamic imports: `kqlhunt` starts without them and makes no network call unless a
 * remote target is asked for).
 */

import { parseTargetAddress, type TargetAddress } from './address.js';
import { type AuthMethod, credentialFor } from './auth.js';
import { type QueryTarget, TargetError } from './types.js';

export { parseTargetAddress, type TargetAddress } from './address.js';
export { AUTH_METHODS, type AuthMethod, parseAuthMethod } from './auth.js';
export { isFatal, type QueryTarget, TargetError, type TargetFailure } from './types.js';

export interface OpenTargetOptions {
  /** --auth / $KQLHUNT_AUTH; default: none for a loopback ADX (the emulator), else DefaultAzureCredential. */
  readonly auth?: AuthMethod;
  readonly log?: (line: string) => void;
}

export function defaultAuth(addr: TargetAddress): AuthMethod {
  return addr.kind === 'adx' && addr.loopback ? 'none' : 'default';
}

/** A remote query target; undefined for 'local'. Throws TargetError for a bad address or credential setup. */
export async function openTarget(text: string, o: OpenTargetOptions = {}): Promise<QueryTarget | undefined> {
  const parsed = parseTargetAddress(text);
  if (!parsed.ok) throw new TargetError({ kind: 'protocol', code: 'TGT010', message: `--target: ${parsed.error}` });
  const addr = parsed.value;
  if (addr.kind === 'local') return undefined;
  if (addr.kind === 'sentinel')
    throw new TargetError({
      kind: 'protocol',
      code: 'TGT010',
      message: '--target sentinel:// is a deploy target (rules deploy); query a workspace with la://<workspace-id>',
    });
  const method = o.auth ?? defaultAuth(addr);
  const credential = await credentialFor(method, o.log ?? (() => {}));
  switch (addr.kind) {
    case 'adx': {
      const { adxTarget } = await import('./adx.js');
      return adxTarget(addr, credential);
    }
    case 'log-analytics': {
      if (!credential) throw noCredential(addr.text);
      const { logAnalyticsTarget } = await import('./log-analytics.js');
      return logAnalyticsTarget(addr, credential);
    }
    case 'defender': {
      if (!credential) throw noCredential(addr.text);
      const { defenderTarget } = await import('./defender.js');
      return defenderTarget(addr, credential);
    }
    default: {
      const never: never = addr;
      return never;
    }
  }
}

function noCredential(where: string): TargetError {
  return new TargetError({
    kind: 'auth',
    code: 'TGT002',
    message: `${where} needs credentials: --auth none is only for ADX`,
  });
}
