/**
 * Sigma `image_load` (Sysmon 7) → DeviceImageLoadEvents: the loaded module is the row's file,
 * the loading process the initiating process. Defender keeps no version information or signature
 * of the loaded module in this table.
 */
import { HASH_FIELDS, INITIATOR, SCHEMAS, SIGNATURE_FIELDS, TAXONOMY } from './common.js';
import type { LogsourceMapping } from './types.js';

const NO_VERSION_INFO = 'Defender does not record version information of a loaded module';

export const IMAGE_LOAD: LogsourceMapping = {
  category: 'image_load',
  table: 'DeviceImageLoadEvents',
  fields: {
    ...INITIATOR,
    ImageLoaded: { column: 'FolderPath' },
    ...HASH_FIELDS,
    ...SIGNATURE_FIELDS,
    OriginalFileName: { unmapped: NO_VERSION_INFO },
    Description: { unmapped: NO_VERSION_INFO },
    Product: { unmapped: NO_VERSION_INFO },
    Company: { unmapped: NO_VERSION_INFO },
    FileVersion: { unmapped: NO_VERSION_INFO },
  },
  sources: [TAXONOMY, SCHEMAS],
};

/** Sigma `driver_load` (Sysmon 6) → DeviceEvents DriverLoad. */
export const DRIVER_LOAD: LogsourceMapping = {
  category: 'driver_load',
  table: 'DeviceEvents',
  actionTypes: ['DriverLoad'],
  fields: { ...INITIATOR, ImageLoaded: { column: 'FolderPath' }, ...HASH_FIELDS, ...SIGNATURE_FIELDS },
  sources: [TAXONOMY, SCHEMAS],
};
