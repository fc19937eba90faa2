/**
 * Sigma `network_connection` (Sysmon 3) → DeviceNetworkEvents ConnectionSuccess (outbound,
 * Initiated true) and InboundConnectionAccepted (Initiated false). Sysmon's Source/Destination
 * are the connection's ends; Defender's Local/Remote are this device and its peer, so the
 * Destination of an inbound connection is the Local side.
 */
import { INITIATOR, SCHEMAS, TAXONOMY } from './common.js';
import type { LogsourceMapping } from './types.js';

const INBOUND = 'ActionType == "InboundConnectionAccepted"';

const inbound = (then: string, otherwise: string) =>
  ({ when: 'InboundConnectionAccepted', then, else: otherwise }) as const;

export const NETWORK_CONNECTION: LogsourceMapping = {
  category: 'network_connection',
  table: 'DeviceNetworkEvents',
  actionTypes: ['ConnectionSuccess', 'InboundConnectionAccepted'],
  fields: {
    ...INITIATOR,
    Initiated: { predicates: { true: 'ActionType == "ConnectionSuccess"', false: INBOUND } },
    DestinationIp: {
      expr: `iff(${INBOUND}, LocalIP, RemoteIP)`,
      type: 'string',
      inverse: inbound('LocalIP', 'RemoteIP'),
    },
    DestinationPort: {
      expr: `iff(${INBOUND}, LocalPort, RemotePort)`,
      type: 'long',
      inverse: inbound('LocalPort', 'RemotePort'),
    },
    DestinationHostname: {
      expr: `iff(${INBOUND}, DeviceName, RemoteUrl)`,
      type: 'string',
      inverse: inbound('DeviceName', 'RemoteUrl'),
    },
    SourceIp: { expr: `iff(${INBOUND}, RemoteIP, LocalIP)`, type: 'string', inverse: inbound('RemoteIP', 'LocalIP') },
    SourcePort: {
      expr: `iff(${INBOUND}, RemotePort, LocalPort)`,
      type: 'long',
      inverse: inbound('RemotePort', 'LocalPort'),
    },
    SourceHostname: {
      expr: `iff(${INBOUND}, RemoteUrl, DeviceName)`,
      type: 'string',
      inverse: inbound('RemoteUrl', 'DeviceName'),
    },
    Protocol: { column: 'Protocol' },
    DestinationIsIpv6: { unmapped: 'Defender records the address type, not an IPv6 flag' },
    SourceIsIpv6: { unmapped: 'Defender records the address type, not an IPv6 flag' },
    DestinationPortName: { unmapped: 'Defender does not name ports' },
  },
  sources: [TAXONOMY, SCHEMAS],
};
