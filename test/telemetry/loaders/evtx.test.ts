/**
 * The .evtx reader against independent facts: the CRC32 check value, a chunk assembled by hand
 * byte by byte (no template), files from the test writer (templates + substitutions, many chunks),
 * damaged and truncated chunks, and the evtx_dump JSON built from the same events without the reader.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadTelemetry } from '../../../src/telemetry/load.js';
import { formatFiletime, formatGuid } from '../../../src/telemetry/loaders/evtx/binxml.js';
import { chunkProblem, readEvtx } from '../../../src/telemetry/loaders/evtx/reader.js';
import type { RawItem } from '../../../src/telemetry/loaders/raw-item.js';
import { filetime, guidBytes, type WinEvent, writeEvtx } from '../../helpers/evtx-writer.js';
import { dumpRecord } from '../../helpers/windows-fixture-files.js';
import { CATEGORY_FIXTURES } from '../../helpers/windows-fixtures.js';
import { column, rowObject, tmpDir, writeFile } from '../helpers.js';

/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) bit by bit: independent of zlib. */
function crc32Bitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

async function readAll(buf: Buffer, piece = 4096): Promise<RawItem[]> {
  async function* pieces() {
    for (let i = 0; i < buf.length; i += piece) yield buf.subarray(i, i + piece);
  }
  const out: RawItem[] = [];
  for await (const item of readEvtx(pieces())) out.push(item);
  return out;
}

const records = (items: RawItem[]) => items.filter((i): i is Extract<RawItem, { record: unknown }> => 'record' in i);
const rejects = (items: RawItem[]) => items.filter((i): i is Extract<RawItem, { reject: unknown }> => 'reject' in i);

/** A minimal chunk assembled by hand: one record whose binary XML has no template, names inline. */
function handChunk(): Buffer {
  const chunk = Buffer.alloc(65536);
  let pos = 512;
  const u8 = (v: number) => {
    chunk[pos++] = v;
  };
  const u16 = (v: number) => {
    chunk.writeUInt16LE(v, pos);
    pos += 2;
  };
  const u32 = (v: number) => {
    chunk.writeUInt32LE(v, pos);
    pos += 4;
  };
  const utf16 = (s: string) => {
    chunk.write(s, pos, 'utf16le');
    pos += 2 * s.length;
  };
  const inlineName = (s: string) => {
    u32(pos + 4); // the name follows right here
    u32(0); // next name in its hash bucket
    u16(0); // hash (not checked by readers)
    u16(s.length);
    utf16(s);
    u16(0);
  };
  const valueText = (s: string) => {
    u8(0x05);
    u8(0x01);
    u16(s.length);
    utf16(s);
  };
  const open = (name: string, attr?: [string, string]) => {
    u8(attr ? 0x41 : 0x01);
    u16(0xffff);
    u32(0); // data size (readers do not need it)
    inlineName(name);
    if (attr) {
      u32(0); // attribute list size
      u8(0x06);
      inlineName(attr[0]);
      valueText(attr[1]);
    }
  };
  const element = (name: string, text: string, attr?: [string, string]) => {
    open(name, attr);
    u8(0x02);
    valueText(text);
    u8(0x04);
  };
  const recordStart = pos;
  u32(0x00002a2a);
  u32(0); // size, below
  chunk.writeBigUInt64LE(7n, pos); // record id 7
  chunk.writeBigUInt64LE(filetime('2024-05-01T09:00:00Z'), pos + 8);
  pos += 16;
  u8(0x0f);
  u8(1);
  u8(1);
  u8(0);
  open('Event');
  u8(0x02);
  open('System');
  u8(0x02);
  element('EventID', '1');
  element('Channel', 'Microsoft-Windows-Sysmon/Operational');
  element('Computer', 'HAND.corp.local');
  open('TimeCreated', ['SystemTime', '2024-05-01T09:00:00.0000000Z']);
  u8(0x03);
  u8(0x04);
  open('EventData');
  u8(0x02);
  element('Data', 'C:\\Windows\\System32\\cmd.exe', ['Name', 'Image']);
  element('Data', 'cmd.exe /c whoami', ['Name', 'CommandLine']);
  u8(0x04);
  u8(0x04);
  u8(0x00);
  u32(0); // size copy
  const size = pos - recordStart;
  chunk.writeUInt32LE(size, recordStart + 4);
  chunk.writeUInt32LE(size, pos - 4);
  // chunk header
  chunk.write('ElfChnk\0', 0, 'latin1');
  chunk.writeBigUInt64LE(7n, 8);
  chunk.writeBigUInt64LE(7n, 16);
  chunk.writeBigUInt64LE(7n, 24);
  chunk.writeBigUInt64LE(7n, 32);
  chunk.writeUInt32LE(128, 40);
  chunk.writeUInt32LE(recordStart, 44);
  chunk.writeUInt32LE(pos, 48);
  chunk.writeUInt32LE(crc32Bitwise(chunk.subarray(512, pos)), 52);
  chunk.writeUInt32LE(crc32Bitwise(Buffer.concat([chunk.subarray(0, 120), chunk.subarray(128, 512)])), 124);
  return chunk;
}

function handFile(chunks: Buffer[]): Buffer {
  const header = Buffer.alloc(4096);
  header.write('ElfFile\0', 0, 'latin1');
  header.writeUInt32LE(128, 32);
  header.writeUInt16LE(1, 36);
  header.writeUInt16LE(3, 38);
  header.writeUInt16LE(4096, 40);
  header.writeUInt16LE(chunks.length, 42);
  header.writeUInt32LE(crc32Bitwise(header.subarray(0, 120)), 124);
  return Buffer.concat([header, ...chunks]);
}

const sysmon = (i: number): WinEvent => ({
  provider: { name: 'Microsoft-Windows-Sysmon', guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' },
  eventId: 1,
  version: 5,
  timeCreated: `2024-05-01T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.5Z`,
  channel: 'Microsoft-Windows-Sysmon/Operational',
  computer: 'pc1.corp.local',
  data: {
    RuleName: '-',
    UtcTime: `2024-05-01 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.500`,
    ProcessGuid: { guid: '{11111111-2222-3333-4444-555555555555}' },
    ProcessId: 1000 + i,
    Image: 'C:\\Windows\\System32\\cmd.exe',
    CommandLine: `cmd.exe /c echo ${i}`,
    User: 'CORP\\alice',
    LogonId: { hex64: 0x3e7n },
  },
});

describe('.evtx reader: independent facts', () => {
  it('uses CRC-32 as published (check value of "123456789" is 0xCBF43926)', () => {
    expect(crc32Bitwise(Buffer.from('123456789'))).toBe(0xcbf43926);
    const chunk = handChunk();
    expect(chunkProblem(chunk)).toBeUndefined();
    chunk[600] = (chunk[600] as number) ^ 0xff;
    expect(chunkProblem(chunk)).toMatch(/event records checksum mismatch/);
  });

  it('formats FILETIME and GUID values as Windows shows them', () => {
    // 2024-05-01T09:00:00Z is Unix second 1714554000; FILETIME counts 100 ns from 1601 (11644473600 s earlier).
    expect(filetime('2024-05-01T09:00:00Z')).toBe((1714554000n + 11644473600n) * 10000000n);
    expect(formatFiletime(133590276000000000n + 1234567n)).toBe('2024-05-01T09:00:00.1234567Z');
    // The first three GUID groups are little-endian on disk.
    const g = Buffer.from('5F387057' + '2AC2' + 'E043' + 'BF4C06F5698FFBD9', 'hex');
    expect(formatGuid(g, 0)).toBe('{5770385F-C22A-43E0-BF4C-06F5698FFBD9}');
    expect(guidBytes('{5770385F-C22A-43E0-BF4C-06F5698FFBD9}').equals(g)).toBe(true);
  });

  it('reads a hand-assembled chunk (binary XML without a template)', async () => {
    const items = await readAll(handFile([handChunk()]), 1000);
    expect(rejects(items)).toEqual([]);
    expect(records(items)).toHaveLength(1);
    const r = records(items)[0]!;
    expect(r.line).toBe(7);
    expect(r.record).toEqual({
      Event: {
        System: {
          EventID: '1',
          Channel: 'Microsoft-Windows-Sysmon/Operational',
          Computer: 'HAND.corp.local',
          TimeCreated: { '#attributes': { SystemTime: '2024-05-01T09:00:00.0000000Z' } },
        },
        EventData: { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd.exe /c whoami' },
      },
    });
  });

  it('the writer writes the chunk checksums the bitwise CRC computes', () => {
    const file = writeEvtx([sysmon(0), sysmon(1)]);
    const chunk = file.subarray(4096, 4096 + 65536);
    const free = chunk.readUInt32LE(48);
    expect(chunk.readUInt32LE(52)).toBe(crc32Bitwise(chunk.subarray(512, free)));
    expect(chunk.readUInt32LE(124)).toBe(
      crc32Bitwise(Buffer.concat([chunk.subarray(0, 120), chunk.subarray(128, 512)])),
    );
    expect(file.readUInt32LE(124)).toBe(crc32Bitwise(file.subarray(0, 120)));
    // The second record reuses the template: it is much shorter than the first, which carries it.
    const first = chunk.readUInt32LE(512 + 4);
    const second = chunk.readUInt32LE(512 + first + 4);
    expect(second).toBeLessThan(first / 2);
  });
});

describe('.evtx reader: templates, substitutions, chunks', () => {
  it('reads every record of a many-chunk file, streamed in small pieces', async () => {
    const events = Array.from({ length: 1500 }, (_, i) => sysmon(i));
    const file = writeEvtx(events);
    const chunks = (file.length - 4096) / 65536;
    expect(Number.isInteger(chunks)).toBe(true);
    expect(chunks).toBeGreaterThan(5);
    const items = await readAll(file, 777);
    expect(rejects(items)).toEqual([]);
    const recs = records(items);
    expect(recs.map((r) => r.line)).toEqual(events.map((_, i) => i + 1));
    const last = recs[1499]!.record as {
      Event: { EventData: Record<string, unknown>; System: Record<string, unknown> };
    };
    expect(last.Event.EventData).toMatchObject({
      ProcessId: 2499,
      CommandLine: 'cmd.exe /c echo 1499',
      LogonId: '0x3e7',
      ProcessGuid: '{11111111-2222-3333-4444-555555555555}',
    });
    expect(last.Event.System).toMatchObject({ EventID: 1, EventRecordID: 1500, Keywords: '0x8000000000000000' });
  });

  it('gives the same JSON as evtx_dump-style output built without the reader', async () => {
    for (const f of CATEGORY_FIXTURES) {
      for (const [stem, e] of [
        ['match', f.match],
        ['near-miss', f.nearMiss],
      ] as const) {
        const file = readFileSync(new URL(`../../fixtures/windows/${f.category}/${stem}.evtx`, import.meta.url));
        const items = await readAll(file);
        expect(
          records(items).map((r) => r.record),
          `${f.category}/${stem}`,
        ).toEqual([dumpRecord(e, 1)]);
      }
    }
  });

  it('reports a damaged chunk (file, chunk index, reason), skips it and loads the others', async () => {
    const events = Array.from({ length: 600 }, (_, i) => sysmon(i));
    const file = Buffer.from(writeEvtx(events));
    const chunkCount = (file.length - 4096) / 65536;
    expect(chunkCount).toBeGreaterThanOrEqual(3);
    const lost = file.subarray(4096 + 65536, 4096 + 2 * 65536);
    const lostRecords = Number(lost.readBigUInt64LE(32) - lost.readBigUInt64LE(24)) + 1;
    // flip one byte inside the records of chunk 1
    file[4096 + 65536 + 2000] = (file[4096 + 65536 + 2000] as number) ^ 0x55;
    const dir = tmpDir();
    const path = writeFile(dir, 'Sysmon.evtx', file);
    const { store, report } = await loadTelemetry([path]);
    expect(report.totalRejects).toBe(1);
    expect(report.rejectSamples[0]).toMatchObject({ file: path, kind: 'damaged-chunk' });
    expect(report.rejectSamples[0]!.reason).toMatch(
      /^chunk 1 \(file offset 0x11000\): event records checksum mismatch/,
    );
    expect(store.getTable('DeviceProcessEvents')!.rowCount).toBe(600 - lostRecords);
    expect(report.files[0]).toMatchObject({ container: 'evtx', kind: 'windows-events', rows: 600 - lostRecords });

    // A damaged chunk header is caught by the header checksum.
    const file2 = Buffer.from(writeEvtx(events));
    file2[4096 + 10] = 0x7f;
    const items = await readAll(file2);
    expect(rejects(items)).toHaveLength(1);
    expect(rejects(items)[0]!.reason).toMatch(/^chunk 0 \(file offset 0x1000\): chunk header checksum mismatch/);
  });

  it('reports a truncated last chunk and a damaged file header, and still loads what it can', async () => {
    const file = Buffer.from(writeEvtx(Array.from({ length: 400 }, (_, i) => sysmon(i))));
    file[5] = 0x21; // inside the signature's checksum range: header checksum fails, chunks still read
    const cut = file.subarray(0, file.length - 1000);
    const items = await readAll(cut);
    const why = rejects(items).map((r) => r.reason);
    expect(why[0]).toMatch(/^file header: no "ElfFile" signature; reading its chunks anyway/);
    expect(why[1]).toMatch(/truncated \(64536 of 65536 bytes\); skipped/);
    expect(records(items).length).toBeGreaterThan(0);
    expect(records(items).length).toBeLessThan(400);
  });

  it('rejects one broken record and keeps the rest of its chunk', async () => {
    const file = Buffer.from(writeEvtx([sysmon(0), sysmon(1), sysmon(2)]));
    const chunk = file.subarray(4096, 4096 + 65536);
    const first = chunk.readUInt32LE(512 + 4);
    // corrupt the template instance token of record 2, then fix the chunk checksum so only the record is bad
    chunk[512 + first + 24 + 4] = 0x77;
    const free = chunk.readUInt32LE(48);
    chunk.writeUInt32LE(crc32Bitwise(chunk.subarray(512, free)), 52);
    chunk.writeUInt32LE(crc32Bitwise(Buffer.concat([chunk.subarray(0, 120), chunk.subarray(128, 512)])), 124);
    const items = await readAll(file);
    expect(records(items).map((r) => r.line)).toEqual([1, 3]);
    expect(rejects(items)).toHaveLength(1);
    expect(rejects(items)[0]).toMatchObject({ line: 2, reject: 'unparsable' });
    expect(rejects(items)[0]!.reason).toMatch(/^chunk 0: record 2: unexpected token 0x77/);
  });

  it('refuses a record whose nested templates would expand exponentially (crafted chunk)', async () => {
    const chunk = Buffer.alloc(65536);
    let pos = 512;
    const u8 = (v: number) => {
      chunk[pos++] = v;
    };
    const u16 = (v: number) => {
      chunk.writeUInt16LE(v, pos);
      pos += 2;
    };
    const u32 = (v: number) => {
      chunk.writeUInt32LE(v, pos);
      pos += 4;
    };
    // Record 1 carries, as its payload, a name and 25 template definitions: level n holds two
    // instances of level n-1, so level 24 expands to 2^24 elements.
    const r1 = pos;
    u32(0x2a2a);
    u32(0);
    chunk.writeBigUInt64LE(1n, pos);
    pos += 16;
    const nameAt = pos;
    u32(0);
    u16(0);
    u16(1);
    chunk.write('E', pos, 'utf16le');
    pos += 2;
    u16(0);
    const defs: number[] = [];
    for (let level = 0; level < 25; level++) {
      const at = pos;
      u32(0);
      pos += 16; // GUID
      const sizeAt = pos;
      u32(0);
      u8(0x0f);
      u8(1);
      u8(1);
      u8(0);
      u8(0x01);
      u16(0xffff);
      u32(0);
      u32(nameAt);
      if (level === 0) u8(0x03);
      else {
        u8(0x02);
        for (let k = 0; k < 2; k++) {
          u8(0x0c);
          u8(1);
          u32(level);
          u32(defs[level - 1] as number);
          u32(0); // no substitution values
        }
        u8(0x04);
      }
      u8(0x00);
      chunk.writeUInt32LE(pos - sizeAt - 4, sizeAt);
      defs.push(at);
    }
    u32(0);
    chunk.writeUInt32LE(pos - r1, r1 + 4);
    chunk.writeUInt32LE(pos - r1, pos - 4);
    // Record 2 instantiates the top template.
    const r2 = pos;
    u32(0x2a2a);
    u32(0);
    chunk.writeBigUInt64LE(2n, pos);
    pos += 16;
    u8(0x0f);
    u8(1);
    u8(1);
    u8(0);
    u8(0x0c);
    u8(1);
    u32(99);
    u32(defs[24] as number);
    u32(0);
    u8(0x00);
    u32(0);
    chunk.writeUInt32LE(pos - r2, r2 + 4);
    chunk.writeUInt32LE(pos - r2, pos - 4);
    chunk.write('ElfChnk\0', 0, 'latin1');
    chunk.writeUInt32LE(pos, 48);
    chunk.writeUInt32LE(crc32Bitwise(chunk.subarray(512, pos)), 52);
    chunk.writeUInt32LE(crc32Bitwise(Buffer.concat([chunk.subarray(0, 120), chunk.subarray(128, 512)])), 124);
    const items = await readAll(handFile([chunk]));
    expect(records(items)).toEqual([]);
    expect(rejects(items).map((r) => r.line)).toEqual([1, 2]);
    expect(rejects(items)[1]!.reason).toMatch(/record 2: record expands to more than 10000 elements/);
  });

  it('detects .evtx by its magic (any name, gzip too) and maps Sysmon records onto Defender rows', async () => {
    const dir = tmpDir();
    const file = writeEvtx([sysmon(0), sysmon(1)]);
    const a = writeFile(dir, 'events.log', file);
    const b = writeFile(dir, 'events.evtx.gz', file, true);
    expect(gzipSync(file).length).toBeLessThan(file.length);
    const { store, report } = await loadTelemetry([a, b]);
    expect(report.totalRejects).toBe(0);
    expect(report.files.map((f) => f.container)).toEqual(['evtx', 'evtx']);
    const t = store.getTable('DeviceProcessEvents')!;
    expect(t.rowCount).toBe(4);
    expect(rowObject(t, 0)).toMatchObject({
      DeviceName: 'pc1.corp.local',
      ActionType: 'ProcessCreated',
      FileName: 'cmd.exe',
      ProcessCommandLine: 'cmd.exe /c echo 0',
      ProcessId: 1000,
      AccountName: 'alice',
      LogonId: 0x3e7,
      ReportId: 1,
    });
    expect(column(t, 'Timestamp')[1]).toBe(filetime('2024-05-01T10:00:01.5Z') / 1n - 116444736000000000n);
  });
});

describe('evtx_dump-style JSON', () => {
  it('reads the EventID shapes those tools write, NDJSON and arrays alike', async () => {
    const dir = tmpDir();
    const ev = (eventId: unknown, extra: Record<string, unknown> = {}) => ({
      Event: {
        '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
        System: {
          Provider: {
            '#attributes': {
              Name: 'Microsoft-Windows-Security-Auditing',
              Guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
            },
          },
          EventID: eventId,
          TimeCreated: { '#attributes': { SystemTime: '2024-05-01T08:00:00.000000Z' } },
          EventRecordID: 11,
          Channel: 'Security',
          Computer: 'DC01.corp.local',
        },
        EventData: {
          TargetUserName: 'bob',
          TargetDomainName: 'CORP',
          LogonType: 3,
          IpAddress: '10.0.0.9',
          ...extra,
        },
      },
    });
    const nd = writeFile(
      dir,
      'security.json',
      [ev(4624), ev('4624'), ev({ '#attributes': { Qualifiers: 0 }, '#text': 4625 })]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    const arr = writeFile(dir, 'security-array.json', JSON.stringify([ev(4624), ev(4688)], null, 2));
    const { store, report } = await loadTelemetry([nd, arr]);
    expect(report.totalRejects).toBe(0);
    expect(report.files.map((f) => f.kind)).toEqual(['windows-events', 'windows-events']);
    // No Defender table for 4688 here: it loads into SecurityEvent, beside the logons' SecurityEvent twins.
    expect(report.files[1]!.unmappedEvents).toEqual({});
    const sec = store.getTable('SecurityEvent')!;
    expect(sec.rowCount).toBe(5);
    expect(rowObject(sec, 4)).toMatchObject({
      EventID: 4688,
      Channel: 'Security',
      Computer: 'DC01.corp.local',
      EventSourceName: 'Microsoft-Windows-Security-Auditing',
      TargetUserName: 'bob',
      LogonType: 3,
      IpAddress: '10.0.0.9',
      EventRecordId: '11',
    });
    // Every field here is a SecurityEvent column, so nothing is left for the EventData text.
    expect(rowObject(sec, 4)).toMatchObject({ TargetDomainName: 'CORP' });
    expect(rowObject(sec, 4).EventData).toBeUndefined();
    const t = store.getTable('DeviceLogonEvents')!;
    expect(column(t, 'ActionType')).toEqual(['LogonSuccess', 'LogonSuccess', 'LogonFailed', 'LogonSuccess']);
    expect(rowObject(t, 0)).toMatchObject({
      DeviceName: 'dc01.corp.local',
      AccountName: 'bob',
      LogonType: 'Network',
      RemoteIP: '10.0.0.9',
      ReportId: 11,
    });
  });
});

describe('CLI', () => {
  it('kqlhunt query --data x.evtx', async () => {
    const { runCli } = await import('../../helpers/cli.js');
    const path = fileURLToPath(new URL('../../fixtures/windows/process_creation/match.evtx', import.meta.url));
    const r = runCli([
      'query',
      'DeviceProcessEvents | project FileName, InitiatingProcessFileName',
      '--data',
      path,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows).toEqual([['powershell.exe', 'WINWORD.EXE']]);
    expect(r.stderr).toContain('DeviceProcessEvents: 1 rows');
  });
});
