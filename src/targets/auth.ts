/**
 * Credentials for the remote targets, through @azure/identity (loaded only when a remote target is
 * used). The method comes from `--auth` or $KQLHUNT_AUTH; secrets only ever come from the
 * environment variables @azure/identity documents (AZURE_TENANT_ID, AZURE_CLIENT_ID,
 * AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH) or from an interactive sign-in — never from
 * the command line.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { TargetError } from './types.js';

export const AUTH_METHODS = [
  'default',
  'cli',
  'device-code',
  'managed-identity',
  'client-secret',
  'client-certificate',
  'token',
  'none',
] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export function parseAuthMethod(text: string | undefined): AuthMethod | undefined {
  if (text === undefined || text === '') return undefined;
  return (AUTH_METHODS as readonly string[]).includes(text) ? (text as AuthMethod) : undefined;
}

function need(name: string, method: AuthMethod): string {
  const v = process.env[name];
  if (!v)
    throw new TargetError({
      kind: 'auth',
      code: 'TGT002',
      message: `--auth ${method} needs the environment variable ${name}`,
    });
  return v;
}

/**
 * `token`: a bearer token from $KQLHUNT_ACCESS_TOKEN (e.g. `az account get-access-token --query
 * accessToken -o tsv`); it is sent as is until it expires.
 */
function staticToken(token: string): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 55 * 60_000 }),
  };
}

/** The credential for `method`; undefined for 'none' (the Kusto emulator, a loopback test server). */
export async function credentialFor(
  method: AuthMethod,
  log: (line: string) => void,
): Promise<TokenCredential | undefined> {
  if (method === 'none') return undefined;
  if (method === 'token') return staticToken(need('KQLHUNT_ACCESS_TOKEN', method));
  const id = await import('@azure/identity');
  const tenantId = process.env.AZURE_TENANT_ID;
  const clientId = process.env.AZURE_CLIENT_ID;
  switch (method) {
    case 'default':
      return new id.DefaultAzureCredential();
    case 'cli':
      return new id.AzureCliCredential(tenantId ? { tenantId } : {});
    case 'device-code':
      return new id.DeviceCodeCredential({
        ...(tenantId ? { tenantId } : {}),
        ...(clientId ? { clientId } : {}),
        userPromptCallback: (info) => log(info.message),
      });
    case 'managed-identity':
      return clientId ? new id.ManagedIdentityCredential({ clientId }) : new id.ManagedIdentityCredential();
    case 'client-secret':
      return new id.ClientSecretCredential(
        need('AZURE_TENANT_ID', method),
        need('AZURE_CLIENT_ID', method),
        need('AZURE_CLIENT_SECRET', method),
      );
    case 'client-certificate':
      return new id.ClientCertificateCredential(need('AZURE_TENANT_ID', method), need('AZURE_CLIENT_ID', method), {
        certificatePath: need('AZURE_CLIENT_CERTIFICATE_PATH', method),
      });
    default: {
      const never: never = method;
      return never;
    }
  }
}
