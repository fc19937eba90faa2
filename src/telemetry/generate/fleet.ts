/**
 * The synthetic organisation: one AD domain, its users, and the devices of the fleet with stable
 * identities (DeviceId, fqdn DeviceName, OS, IPs, users). Everything derives from the seed, and a
 * device's identity depends only on its index, so the fleet is the same whatever the event count.
 */
import { deviceIdFor, domainSid, guid, guidFrom, ipv4 } from './ids.js';
import type { Rng } from './prng.js';

export interface Account {
  readonly domain: string;
  readonly name: string;
  readonly sid: string;
  readonly upn: string;
  readonly objectId: string;
  /** Folder name under C:\Users (empty for service accounts). */
  readonly profile: string;
}

export interface OsInfo {
  readonly platform: string;
  readonly version: string;
  readonly build: number;
  readonly versionInfo: string;
  readonly distribution: string;
}

export type DeviceRole = 'workstation' | 'server';

export interface Device {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly role: DeviceRole;
  readonly os: OsInfo;
  readonly localIp: string;
  readonly publicIp: string;
  readonly aadDeviceId: string;
  readonly model: string;
  readonly vendor: string;
  /** Primary user first; servers have their admin here. */
  readonly users: readonly Account[];
  readonly tags: readonly string[];
}

export interface Org {
  readonly netbios: string;
  readonly dnsDomain: string;
  readonly upnSuffix: string;
  readonly domainSid: string;
  readonly tenantId: string;
  readonly admins: readonly Account[];
  /** UTC offset of the organisation's working day, in hours. */
  readonly utcOffsetHours: number;
}

const ORGS = ['contoso', 'fabrikam', 'northwind', 'tailspin', 'woodgrove', 'litware'] as const;
const FIRST = [
  'alex',
  'maria',
  'james',
  'priya',
  'chen',
  'olivia',
  'noah',
  'fatima',
  'lucas',
  'emma',
  'omar',
  'sofia',
  'daniel',
  'aisha',
  'ethan',
  'mei',
  'jonas',
  'elena',
  'samuel',
  'hannah',
  'victor',
  'nora',
  'leo',
  'grace',
] as const;
const LAST = [
  'smith',
  'garcia',
  'nguyen',
  'patel',
  'kowalski',
  'johnson',
  'muller',
  'rossi',
  'tanaka',
  'silva',
  'brown',
  'okafor',
  'larsen',
  'dubois',
  'novak',
  'khan',
  'meyer',
  'lopez',
  'wright',
  'ivanova',
] as const;
const DEPTS = ['fin', 'hr', 'eng', 'ops', 'mkt', 'sales', 'legal', 'it'] as const;
const SERVER_KINDS = ['dc', 'file', 'app', 'sql', 'web', 'print'] as const;
const WORKSTATION_MODELS = [
  ['Dell Inc.', 'Latitude 5430'],
  ['Dell Inc.', 'OptiPlex 7090'],
  ['HP', 'HP EliteBook 840 G9'],
  ['LENOVO', 'ThinkPad T14 Gen 3'],
] as const;
const SERVER_MODELS = [
  ['VMware, Inc.', 'VMware7,1'],
  ['Microsoft Corporation', 'Virtual Machine'],
] as const;

const WORKSTATION_OS: readonly OsInfo[] = [
  { platform: 'Windows11', version: '10.0', build: 22621, versionInfo: '22H2', distribution: 'Windows 11 Enterprise' },
  { platform: 'Windows11', version: '10.0', build: 22631, versionInfo: '23H2', distribution: 'Windows 11 Enterprise' },
  { platform: 'Windows10', version: '10.0', build: 19045, versionInfo: '22H2', distribution: 'Windows 10 Enterprise' },
];
const SERVER_OS: readonly OsInfo[] = [
  {
    platform: 'WindowsServer2022',
    version: '10.0',
    build: 20348,
    versionInfo: '21H2',
    distribution: 'Windows Server 2022 Standard',
  },
  {
    platform: 'WindowsServer2019',
    version: '10.0',
    build: 17763,
    versionInfo: '1809',
    distribution: 'Windows Server 2019 Standard',
  },
];

export function makeOrg(rng: Rng): Org {
  const name = rng.pick(ORGS);
  const sid = domainSid(rng);
  const upnSuffix = `${name}.com`;
  const netbios = name.toUpperCase();
  const admins = [0, 1, 2].map((i) => makeAccount(netbios, sid, upnSuffix, `adm-${rng.pick(LAST)}${i}`, 1200 + i, rng));
  return {
    netbios,
    dnsDomain: `corp.${name}.com`,
    upnSuffix,
    domainSid: sid,
    tenantId: guid(rng),
    admins,
    utcOffsetHours: rng.pick([-8, -5, 0, 1]),
  };
}

function makeAccount(netbios: string, dsid: string, upnSuffix: string, name: string, rid: number, rng: Rng): Account {
  return {
    domain: netbios.toLowerCase(),
    name,
    sid: `${dsid}-${rid}`,
    upn: `${name}@${upnSuffix}`,
    objectId: guid(rng),
    profile: name,
  };
}

/** Built-in service identities (Defender reports them lower-case under "nt authority"). */
export const SYSTEM_ACCOUNT: Account = {
  domain: 'nt authority',
  name: 'system',
  sid: 'S-1-5-18',
  upn: '',
  objectId: '',
  profile: '',
};
export const LOCAL_SERVICE: Account = { ...SYSTEM_ACCOUNT, name: 'local service', sid: 'S-1-5-19' };
export const NETWORK_SERVICE: Account = { ...SYSTEM_ACCOUNT, name: 'network service', sid: 'S-1-5-20' };

export function makeDevice(seed: string, org: Org, index: number, rng: Rng): Device {
  const role: DeviceRole = index % 12 === 5 ? 'server' : 'workstation';
  const site = 10 + (index % 4);
  const id = deviceIdFor(seed, index);
  if (role === 'server') {
    const kind = SERVER_KINDS[Math.floor(index / 12) % SERVER_KINDS.length]!;
    const [vendor, model] = rng.pick(SERVER_MODELS);
    const admin = org.admins[index % org.admins.length]!;
    return {
      index,
      id,
      name: `srv-${kind}-${String(index).padStart(3, '0')}.${org.dnsDomain}`,
      role,
      os: rng.pick(SERVER_OS),
      localIp: ipv4(10, site, 1, 10 + (index % 240)),
      publicIp: ipv4(203, 0, 113, site),
      aadDeviceId: guidFrom(`aad:${id}`),
      model,
      vendor,
      users: [admin],
      tags: ['Servers', `Site${site}`],
    };
  }
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const user = makeAccount(org.netbios, org.domainSid, org.upnSuffix, `${first}.${last}${index}`, 2000 + index, rng);
  const dept = rng.pick(DEPTS);
  const [vendor, model] = rng.pick(WORKSTATION_MODELS);
  return {
    index,
    id,
    name: `ws-${dept}-${String(index).padStart(4, '0')}.${org.dnsDomain}`,
    role,
    os: rng.pick(WORKSTATION_OS),
    localIp: ipv4(10, site, 20 + ((index >> 8) % 200), 1 + (index % 250)),
    publicIp: ipv4(203, 0, 113, site),
    aadDeviceId: guidFrom(`aad:${id}`),
    model,
    vendor,
    users: [user],
    tags: [dept.toUpperCase(), `Site${site}`],
  };
}

/** NetBIOS-style short name (`WS-FIN-0012`) used in some command lines and remote-session fields. */
export function shortName(device: Device): string {
  return device.name.split('.')[0]!.toUpperCase();
}
