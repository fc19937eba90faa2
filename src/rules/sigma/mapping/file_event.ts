/**
 * Sigma file categories → DeviceFileEvents: `file_event` (Sysmon 11 FileCreate) is FileCreated,
 * `file_delete` (Sysmon 23/26) is FileDeleted, `file_rename` is FileRenamed. Defender's FolderPath
 * of a file event is the full path including the file name, like Sysmon's TargetFilename.
 */
import { HASH_FIELDS, INITIATOR, SCHEMAS, TAXONOMY } from './common.js';
import type { FieldTarget, LogsourceMapping } from './types.js';

const FILE_FIELDS: Readonly<Record<string, FieldTarget>> = {
  ...INITIATOR,
  TargetFilename: { column: 'FolderPath' },
  CreationUtcTime: { unmapped: 'Defender does not record the file creation time Sysmon reports' },
};

export const FILE_EVENT: LogsourceMapping = {
  category: 'file_event',
  table: 'DeviceFileEvents',
  actionTypes: ['FileCreated'],
  fields: FILE_FIELDS,
  sources: [TAXONOMY, SCHEMAS],
};

export const FILE_DELETE: LogsourceMapping = {
  category: 'file_delete',
  table: 'DeviceFileEvents',
  actionTypes: ['FileDeleted'],
  fields: { ...FILE_FIELDS, ...HASH_FIELDS },
  sources: [TAXONOMY, SCHEMAS],
};

export const FILE_RENAME: LogsourceMapping = {
  category: 'file_rename',
  table: 'DeviceFileEvents',
  actionTypes: ['FileRenamed'],
  fields: {
    ...FILE_FIELDS,
    SourceFilename: { unmapped: 'Defender splits the old name into PreviousFolderPath and PreviousFileName' },
  },
  sources: [TAXONOMY, SCHEMAS],
};
