/**
 * Sigma `service: security` (the Windows Security event log) → the Log Analytics / Sentinel table
 * SecurityEvent, which keeps the event's EventData fields as columns of the same names
 * (SubjectUserName, TargetUserName, ServiceName, ObjectName, AccessMask, …). A field SecurityEvent
 * has no column for is refused: SecurityEvent keeps it only inside its EventData XML text, where a
 * comparison is not exact (values XML-escaped). `Provider_Name` is EventSourceName. Defender XDR alone
 * has no table for this log.
 */
import { SCHEMAS, TAXONOMY } from './common.js';
import type { LogsourceMapping } from './types.js';

export const SECURITY: LogsourceMapping = {
  service: 'security',
  table: 'SecurityEvent',
  sameNameColumns: true,
  fields: { Provider_Name: { column: 'EventSourceName' } },
  sources: [TAXONOMY, SCHEMAS, 'Windows Security event fields as SecurityEvent columns (Log Analytics schema)'],
};
