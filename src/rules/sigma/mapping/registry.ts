/**
 * Sigma registry categories → DeviceRegistryEvents. Sysmon's TargetObject is the key path plus
 * the value name; Defender splits it into RegistryKey and RegistryValueName and writes hives in
 * full (HKEY_LOCAL_MACHINE). Sysmon's Details of a DWORD reads `DWORD (0x00000001)`; Defender
 * writes the number in RegistryValueData and the type in RegistryValueType.
 * ActionTypes: RegistryValueSet (Sysmon 13), RegistryKeyCreated / RegistryKeyDeleted /
 * RegistryValueDeleted (Sysmon 12); Defender has no rename action (Sysmon 14).
 */
import { INITIATOR, SCHEMAS, TAXONOMY } from './common.js';
import type { FieldTarget, LogsourceMapping } from './types.js';

const KEY_AND_VALUE = 'strcat(RegistryKey, iff(isempty(RegistryValueName), "", strcat(@"\\", RegistryValueName)))';

const EVENT_TYPES: Readonly<Record<string, string>> = {
  setvalue: 'ActionType == "RegistryValueSet"',
  createkey: 'ActionType == "RegistryKeyCreated"',
  deletekey: 'ActionType == "RegistryKeyDeleted"',
  deletevalue: 'ActionType == "RegistryValueDeleted"',
};

const REGISTRY_FIELDS: Readonly<Record<string, FieldTarget>> = {
  ...INITIATOR,
  TargetObject: {
    expr: KEY_AND_VALUE,
    type: 'string',
    values: 'registryHive',
    inverse: { split: ['RegistryKey', 'RegistryValueName'] },
  },
  Details: { column: 'RegistryValueData', values: 'registryData' },
  EventType: { predicates: EVENT_TYPES },
  NewName: { unmapped: 'Defender records no registry rename events' },
};

export const REGISTRY_SET: LogsourceMapping = {
  category: 'registry_set',
  table: 'DeviceRegistryEvents',
  actionTypes: ['RegistryValueSet'],
  fields: REGISTRY_FIELDS,
  sources: [TAXONOMY, SCHEMAS],
};

export const REGISTRY_ADD: LogsourceMapping = {
  category: 'registry_add',
  table: 'DeviceRegistryEvents',
  actionTypes: ['RegistryKeyCreated'],
  fields: REGISTRY_FIELDS,
  sources: [TAXONOMY, SCHEMAS],
};

export const REGISTRY_DELETE: LogsourceMapping = {
  category: 'registry_delete',
  table: 'DeviceRegistryEvents',
  actionTypes: ['RegistryKeyDeleted', 'RegistryValueDeleted'],
  fields: REGISTRY_FIELDS,
  sources: [TAXONOMY, SCHEMAS],
};

export const REGISTRY_EVENT: LogsourceMapping = {
  category: 'registry_event',
  table: 'DeviceRegistryEvents',
  actionTypes: ['RegistryKeyCreated', 'RegistryKeyDeleted', 'RegistryValueSet', 'RegistryValueDeleted'],
  fields: REGISTRY_FIELDS,
  sources: [TAXONOMY, SCHEMAS],
};
