/**
 * Field targets shared by several categories: the process an event happened in is Defender's
 * "initiating process" (Sysmon's Image, CommandLine, User, ProcessId of that event).
 * Sources: Sigma taxonomy appendix (field names follow Sysmon); Defender XDR advanced-hunting
 * schemas (src/telemetry/schemas.generated.ts) for the column names.
 */
import type { FieldTarget } from './types.js';

export const INITIATING_USER = 'strcat(InitiatingProcessAccountDomain, @"\\", InitiatingProcessAccountName)';

export const INITIATING_USER_COLUMNS = {
  split: ['InitiatingProcessAccountDomain', 'InitiatingProcessAccountName'],
} as const;

export const INITIATOR: Readonly<Record<string, FieldTarget>> = {
  Image: { column: 'InitiatingProcessFolderPath' },
  CommandLine: { column: 'InitiatingProcessCommandLine' },
  ProcessId: { column: 'InitiatingProcessId' },
  User: { expr: INITIATING_USER, type: 'string', inverse: INITIATING_USER_COLUMNS },
  IntegrityLevel: { column: 'InitiatingProcessIntegrityLevel' },
  ParentImage: { unmapped: 'Defender keeps only the file name of the initiating process parent, not its path' },
  ParentCommandLine: { unmapped: 'Defender does not record the command line of the initiating process parent' },
  ProcessGuid: { unmapped: 'Defender has no process GUID' },
};

/** Sysmon `Hashes` algorithms → Defender hash columns (Defender has no import hash). */
export const HASHES = { MD5: 'MD5', SHA1: 'SHA1', SHA256: 'SHA256' } as const;

export const HASH_FIELDS: Readonly<Record<string, FieldTarget>> = {
  Hashes: { hashes: HASHES },
  md5: { column: 'MD5' },
  sha1: { column: 'SHA1' },
  sha256: { column: 'SHA256' },
  Imphash: { unmapped: 'Defender has no import hash (imphash) column' },
};

export const SIGNATURE_FIELDS: Readonly<Record<string, FieldTarget>> = {
  Signed: { unmapped: 'signature facts are in DeviceFileCertificateInfo, not in the event row' },
  Signature: { unmapped: 'signature facts are in DeviceFileCertificateInfo, not in the event row' },
  SignatureStatus: { unmapped: 'signature facts are in DeviceFileCertificateInfo, not in the event row' },
};

export const TAXONOMY = 'Sigma taxonomy appendix 2.1 (field names follow Sysmon event fields)';
export const SCHEMAS = 'Defender XDR advanced-hunting table schemas (src/telemetry/schemas.generated.ts)';
