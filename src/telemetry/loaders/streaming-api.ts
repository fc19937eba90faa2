/**
 * Defender XDR streaming API records (Event Hubs / Azure Storage):
 * `{"time","tenantId","operationName":"Publish","category":"AdvancedHunting-<Table>","properties":{…}}`.
 * The row is `properties`; the envelope's time and tenant fill Timestamp / TenantId when absent.
 */

type Rec = Readonly<Record<string, unknown>>;

const PREFIX = 'advancedhunting-';

export function isStreamingRecord(rec: Rec): boolean {
  return (
    typeof rec.category === 'string' &&
    rec.category.toLowerCase().startsWith(PREFIX) &&
    rec.properties !== null &&
    typeof rec.properties === 'object' &&
    !Array.isArray(rec.properties)
  );
}

export function unwrapStreamingRecord(rec: Rec): { table: string; row: Record<string, unknown> } {
  const table = (rec.category as string).slice(PREFIX.length);
  const row: Record<string, unknown> = { ...(rec.properties as Record<string, unknown>) };
  if (row.Timestamp === undefined && rec.time !== undefined) row.Timestamp = rec.time;
  if (row.TenantId === undefined && rec.tenantId !== undefined) row.TenantId = rec.tenantId;
  return { table, row };
}
