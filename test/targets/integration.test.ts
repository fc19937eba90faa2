/**
 * Opt-in integration suite against real engines (docs/targets.md): a cluster or the Kusto emulator
 * (KQLHUNT_ADX_URL=adx://…), a Log Analytics workspace (KQLHUNT_LA_WORKSPACE=<id>), a Defender XDR
 * tenant (KQLHUNT_DEFENDER=1), with credentials from KQLHUNT_AUTH and the @azure/identity
 * environment. Without the variables these tests are skipped, and their names say so.
 */
import { describe, expect, it } from 'vitest';
import { parseAuthMethod } from '../../src/targets/auth.js';
import { openTarget } from '../../src/targets/index.js';

const ADX = process.env.KQLHUNT_ADX_URL;
const LA = process.env.KQLHUNT_LA_WORKSPACE;
const DEFENDER = process.env.KQLHUNT_DEFENDER;
const auth = parseAuthMethod(process.env.KQLHUNT_AUTH);

async function roundTrip(address: string, query: string) {
  const target = (await openTarget(address, auth ? { auth } : {}))!;
  try {
    return await target.run({ text: query, timeoutMs: 60_000, now: BigInt(Date.now()) * 10_000n });
  } finally {
    await target.close();
  }
}

describe('real engines (opt-in)', () => {
  it.skipIf(!ADX)('ADX: a print and a datatable come back typed (skipped unless KQLHUNT_ADX_URL is set)', async () => {
    const r = await roundTrip(
      ADX!,
      "datatable(a:long, t:datetime, s:string)[1, datetime(2024-05-01), 'x'] | extend n = now() > t",
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.table.schema.columns.map((c) => [c.name, c.type])).toEqual([
      ['a', 'long'],
      ['t', 'datetime'],
      ['s', 'string'],
      ['n', 'bool'],
    ]);
    expect(r.table.rowCount).toBe(1);
  });

  it.skipIf(!ADX)(
    'ADX: a query error is a query failure, not a target failure (skipped unless KQLHUNT_ADX_URL is set)',
    async () => {
      const r = await roundTrip(ADX!, 'NoSuchTable_kqlhunt | take 1');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.failure.kind).toBe('query');
    },
  );

  it.skipIf(!LA)('Log Analytics: a print comes back (skipped unless KQLHUNT_LA_WORKSPACE is set)', async () => {
    const r = await roundTrip(`la://${LA}`, 'print x = 1');
    expect(r.ok && r.table.rowCount).toBe(1);
  });

  it.skipIf(!DEFENDER)(
    'Defender XDR: a hunting query comes back (skipped unless KQLHUNT_DEFENDER is set)',
    async () => {
      const r = await roundTrip('defender://', 'DeviceInfo | take 1 | project Timestamp, DeviceId');
      expect(r.ok).toBe(true);
    },
  );
});
