/**
 * `--target` addresses. No secret is ever part of one (credentials come from the environment or an
 * interactive sign-in, see auth.ts), so an address can be printed and recorded on runs as given.
 *
 *   local                                  kqlhunt's engine over --data (the default)
 *   adx://<cluster-uri>/<database>         Azure Data Explorer, Fabric Eventhouse, the Kusto emulator
 *                                          (adx://https://help.kusto.windows.net/Samples, adx://http://127.0.0.1:8080/db)
 *   la://<workspace-id>[?endpoint=URL]     a Log Analytics / Sentinel workspace
 *   defender://[?endpoint=URL]             Defender XDR advanced hunting (Microsoft Graph)
 *   sentinel://<sub>/<rg>/<workspace>[?endpoint=URL]   deploy target for `rules deploy`
 */
export type TargetAddress =
  | { readonly kind: 'local'; readonly text: 'local' }
  | {
      readonly kind: 'adx';
      readonly text: string;
      readonly cluster: string;
      readonly database: string;
      readonly loopback: boolean;
    }
  | { readonly kind: 'log-analytics'; readonly text: string; readonly workspace: string; readonly endpoint: string }
  | { readonly kind: 'defender'; readonly text: string; readonly endpoint: string }
  | {
      readonly kind: 'sentinel';
      readonly text: string;
      readonly subscription: string;
      readonly resourceGroup: string;
      readonly workspace: string;
      readonly endpoint: string;
    };

export const LA_ENDPOINT = 'https://api.loganalytics.io';
export const GRAPH_ENDPOINT = 'https://graph.microsoft.com';
export const ARM_ENDPOINT = 'https://management.azure.com';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const fail = (error: string): Parsed<never> => ({ ok: false, error });

function endpointOf(query: string, fallback: string): Parsed<string> {
  const params = new URLSearchParams(query);
  const e = params.get('endpoint');
  if (e === null) return { ok: true, value: fallback };
  try {
    const u = new URL(e);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return fail(`endpoint ${e} is not an http(s) URL`);
    return { ok: true, value: e.replace(/\/+$/, '') };
  } catch {
    return fail(`endpoint ${e} is not a URL`);
  }
}

export function parseTargetAddress(text: string): Parsed<TargetAddress> {
  const t = text.trim();
  if (t === '' || t === 'local') return { ok: true, value: { kind: 'local', text: 'local' } };
  const m = /^([a-z]+):\/\/(.*)$/i.exec(t);
  if (!m) return fail(`'${t}' is not a target (local, adx://…, la://…, defender://, sentinel://…)`);
  const scheme = m[1]!.toLowerCase();
  const rest = m[2]!;
  const [path, query = ''] = rest.split('?', 2) as [string, string?];
  switch (scheme) {
    case 'adx': {
      const uri = /^https?:\/\//i.test(rest) ? rest : `https://${rest}`;
      let u: URL;
      try {
        u = new URL(uri);
      } catch {
        return fail(`adx:// needs <cluster-uri>/<database>, got '${rest}'`);
      }
      const parts = u.pathname.split('/').filter(Boolean);
      const database = parts.pop();
      if (!database) return fail(`adx:// needs a database after the cluster: adx://${u.host}/<database>`);
      const cluster = `${u.protocol}//${u.host}${parts.length ? `/${parts.join('/')}` : ''}`;
      return {
        ok: true,
        value: {
          kind: 'adx',
          text: t,
          cluster,
          database: decodeURIComponent(database),
          loopback: LOOPBACK.has(u.hostname),
        },
      };
    }
    case 'la': {
      const workspace = path.replace(/\/+$/, '');
      if (!/^[0-9a-f-]{8,64}$/i.test(workspace)) return fail(`la:// needs a workspace id (a GUID), got '${workspace}'`);
      const endpoint = endpointOf(query, LA_ENDPOINT);
      if (!endpoint.ok) return endpoint;
      return { ok: true, value: { kind: 'log-analytics', text: t, workspace, endpoint: endpoint.value } };
    }
    case 'defender': {
      if (path.replace(/\/+$/, '') !== '')
        return fail(`defender:// takes no path (the tenant comes from the credential)`);
      const endpoint = endpointOf(query, GRAPH_ENDPOINT);
      if (!endpoint.ok) return endpoint;
      return { ok: true, value: { kind: 'defender', text: t, endpoint: endpoint.value } };
    }
    case 'sentinel': {
      const parts = path.split('/').filter(Boolean);
      if (parts.length !== 3)
        return fail(`sentinel:// needs <subscription>/<resource-group>/<workspace>, got '${path}'`);
      const endpoint = endpointOf(query, ARM_ENDPOINT);
      if (!endpoint.ok) return endpoint;
      const [subscription, resourceGroup, workspace] = parts as [string, string, string];
      return {
        ok: true,
        value: { kind: 'sentinel', text: t, subscription, resourceGroup, workspace, endpoint: endpoint.value },
      };
    }
    default:
      return fail(`unknown target scheme '${scheme}://' (local, adx://, la://, defender://, sentinel://)`);
  }
}
