/**
 * Network destinations of benign traffic, grouped by what talks to them, and a stable host → IP
 * mapping inside each provider's address space. None of these hosts belongs to an RMM vendor (the
 * tests check this against the RMM facts).
 */
import { digestHex } from './ids.js';

export type Provider = 'microsoft' | 'google' | 'cdn' | 'internal';

export interface Destination {
  readonly host: string;
  readonly provider: Provider;
  readonly port: number;
}

const ms = (host: string, port = 443): Destination => ({ host, provider: 'microsoft', port });
const g = (host: string): Destination => ({ host, provider: 'google', port: 443 });
const cdn = (host: string): Destination => ({ host, provider: 'cdn', port: 443 });

export const WEB_SITES: readonly Destination[] = [
  ms('www.bing.com'),
  ms('www.microsoft.com'),
  ms('learn.microsoft.com'),
  ms('www.office.com'),
  ms('www.linkedin.com'),
  g('www.google.com'),
  g('fonts.gstatic.com'),
  g('www.youtube.com'),
  cdn('en.wikipedia.org'),
  cdn('stackoverflow.com'),
  cdn('www.bbc.co.uk'),
  cdn('www.reuters.com'),
  cdn('www.weather.gov'),
  cdn('www.nytimes.com'),
  cdn('cdn.jsdelivr.net'),
];

export const OFFICE_HOSTS: readonly Destination[] = [
  ms('outlook.office365.com'),
  ms('login.microsoftonline.com'),
  ms('officeclient.microsoft.com'),
  ms('nexus.officeapps.live.com'),
  ms('ecs.office.com'),
];

export const TEAMS_HOSTS: readonly Destination[] = [
  ms('teams.microsoft.com'),
  ms('presence.teams.microsoft.com'),
  ms('statics.teams.cdn.office.net'),
];

export const ONEDRIVE_HOSTS: readonly Destination[] = [ms('onedrive.live.com'), ms('skyapi.live.net')];

export const UPDATE_HOSTS: readonly Destination[] = [
  ms('sls.update.microsoft.com'),
  ms('fe3cr.delivery.mp.microsoft.com'),
  ms('tlu.dl.delivery.mp.microsoft.com', 80),
  ms('ctldl.windowsupdate.com', 80),
  ms('settings-win.data.microsoft.com'),
];

export const DEFENDER_HOSTS: readonly Destination[] = [
  ms('wdcp.microsoft.com'),
  ms('definitionupdates.microsoft.com'),
  ms('winatp-gw-eus.microsoft.com'),
  ms('us-v20.events.data.microsoft.com'),
];

export const INTUNE_HOSTS: readonly Destination[] = [
  ms('fef.msuc05.manage.microsoft.com'),
  ms('enterpriseregistration.windows.net'),
];

export const BROWSER_UPDATE_HOSTS: readonly Destination[] = [
  g('update.googleapis.com'),
  ms('msedge.api.cdp.microsoft.com'),
];

const PREFIX: Readonly<Record<Provider, readonly [number, number][]>> = {
  microsoft: [
    [13, 107],
    [20, 190],
    [52, 96],
    [40, 126],
  ],
  google: [
    [142, 250],
    [172, 217],
  ],
  cdn: [
    [151, 101],
    [104, 18],
  ],
  internal: [[10, 10]],
};

const ipCache = new Map<string, string>();

/** A stable public address for a host, inside its provider's ranges. */
export function ipFor(dest: Destination): string {
  const hit = ipCache.get(dest.host);
  if (hit) return hit;
  const h = digestHex('md5', dest.host);
  const prefixes = PREFIX[dest.provider];
  const [a, b] = prefixes[Number.parseInt(h.slice(0, 2), 16) % prefixes.length]!;
  const ip = `${a}.${b}.${Number.parseInt(h.slice(2, 4), 16)}.${1 + (Number.parseInt(h.slice(4, 6), 16) % 254)}`;
  ipCache.set(dest.host, ip);
  return ip;
}

/** The Configuration Manager management point and file server of the organisation. */
export function internalHosts(dnsDomain: string): { readonly sccm: Destination; readonly fileServer: Destination } {
  return {
    sccm: { host: `sccm01.${dnsDomain}`, provider: 'internal', port: 443 },
    fileServer: { host: `fs01.${dnsDomain}`, provider: 'internal', port: 445 },
  };
}
