/**
 * Constants of the Windows XML Event Log (EVTX) format, as documented in libyal's "Windows XML Event
 * Log (EVTX) format" (file header, 64 KiB chunks, event records, binary XML tokens and value types).
 * All integers are little-endian; strings are UTF-16LE.
 */

export const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');
export const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');
/** Event record signature `**\0\0`. */
export const RECORD_MAGIC = 0x00002a2a;

/** File header: the first 4 KiB block (128 bytes used). */
export const FILE_HEADER = {
  size: 4096,
  firstChunkNumber: 8,
  lastChunkNumber: 16,
  nextRecordId: 24,
  headerSize: 32,
  minorVersion: 36,
  majorVersion: 38,
  blockSize: 40,
  chunkCount: 42,
  flags: 120,
  /** CRC32 of the first 120 bytes. */
  checksum: 124,
} as const;

export const CHUNK_SIZE = 65536;

/** Chunk header: 512 bytes. */
export const CHUNK_HEADER = {
  size: 512,
  firstRecordNumber: 8,
  lastRecordNumber: 16,
  firstRecordId: 24,
  lastRecordId: 32,
  headerSize: 40,
  lastRecordOffset: 44,
  freeSpaceOffset: 48,
  /** CRC32 of the event records: bytes 512 … free space offset. */
  recordsChecksum: 52,
  flags: 120,
  /** CRC32 of header bytes 0–120 and 128–512. */
  headerChecksum: 124,
  /** 64 × u32: chunk offsets of the common (name) strings, hashed by name. */
  stringTable: 128,
  /** 32 × u32: chunk offsets of template definitions. */
  templateTable: 384,
} as const;

/** Event record: signature, size, identifier, written FILETIME, binary XML, size copy. */
export const RECORD_HEADER_SIZE = 24;

/** Binary XML tokens (the 0x40 bit is a "more data / has attributes" flag on some of them). */
export const TOKEN = {
  EOF: 0x00,
  OPEN_START_ELEMENT: 0x01,
  CLOSE_START_ELEMENT: 0x02,
  CLOSE_EMPTY_ELEMENT: 0x03,
  END_ELEMENT: 0x04,
  VALUE: 0x05,
  ATTRIBUTE: 0x06,
  CDATA: 0x07,
  CHAR_REF: 0x08,
  ENTITY_REF: 0x09,
  PI_TARGET: 0x0a,
  PI_DATA: 0x0b,
  TEMPLATE_INSTANCE: 0x0c,
  NORMAL_SUBSTITUTION: 0x0d,
  OPTIONAL_SUBSTITUTION: 0x0e,
  FRAGMENT_HEADER: 0x0f,
} as const;
export const TOKEN_MORE = 0x40;

/** Binary XML value types (0x80 = array of the type). */
export const VALUE_TYPE = {
  NULL: 0x00,
  STRING: 0x01,
  ANSI_STRING: 0x02,
  INT8: 0x03,
  UINT8: 0x04,
  INT16: 0x05,
  UINT16: 0x06,
  INT32: 0x07,
  UINT32: 0x08,
  INT64: 0x09,
  UINT64: 0x0a,
  REAL32: 0x0b,
  REAL64: 0x0c,
  BOOL: 0x0d,
  BINARY: 0x0e,
  GUID: 0x0f,
  SIZE_T: 0x10,
  FILETIME: 0x11,
  SYSTEMTIME: 0x12,
  SID: 0x13,
  HEX_INT32: 0x14,
  HEX_INT64: 0x15,
  BINXML: 0x21,
  ARRAY: 0x80,
} as const;

/** FILETIME (100 ns ticks since 1601) of the Unix epoch. */
export const FILETIME_UNIX_EPOCH = 116444736000000000n;
