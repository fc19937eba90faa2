/**
 * Well-known text → GeoJSON for geo_from_wkt: POINT, LINESTRING, POLYGON, their MULTI forms and
 * GEOMETRYCOLLECTION (2-D only). A small recursive-descent reader over tokens; anything it does
 * not understand, or coordinates out of range, gives undefined (Kusto returns null).
 */
import type { KqlDynamic } from '../../types.js';
import { validLonLat } from './shapes.js';

type Coords = KqlDynamic[];

class Reader {
  private pos = 0;
  constructor(private readonly tokens: readonly string[]) {}
  peek(): string | undefined {
    return this.tokens[this.pos];
  }
  next(): string | undefined {
    return this.tokens[this.pos++];
  }
  expect(t: string): void {
    if (this.next() !== t) throw new SyntaxError(`expected ${t}`);
  }
  done(): boolean {
    return this.pos >= this.tokens.length;
  }
}

function tokenize(text: string): string[] | undefined {
  const tokens = text.match(/[A-Za-z]+|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[(),]|\S/g);
  return tokens ?? undefined;
}

function position(r: Reader): KqlDynamic {
  const lon = Number(r.next());
  const lat = Number(r.next());
  if (!validLonLat(lon, lat)) throw new SyntaxError('bad coordinate');
  return [lon, lat];
}

/** `( item, item, … )` */
function list(r: Reader, item: (r: Reader) => KqlDynamic): Coords {
  r.expect('(');
  const out: Coords = [item(r)];
  while (r.peek() === ',') {
    r.next();
    out.push(item(r));
  }
  r.expect(')');
  return out;
}

const positions = (r: Reader) => list(r, position);
const rings = (r: Reader) => list(r, positions);
/** MULTIPOINT allows both `(1 2, 3 4)` and `((1 2), (3 4))`. */
const multiPoint = (r: Reader) =>
  list(r, (x) => {
    if (x.peek() !== '(') return position(x);
    x.next();
    const p = position(x);
    x.expect(')');
    return p;
  });

const KINDS: Readonly<Record<string, readonly [string, (r: Reader) => KqlDynamic]>> = {
  POINT: ['Point', (r) => list(r, position)[0] as KqlDynamic],
  LINESTRING: ['LineString', positions],
  POLYGON: ['Polygon', rings],
  MULTIPOINT: ['MultiPoint', multiPoint],
  MULTILINESTRING: ['MultiLineString', rings],
  MULTIPOLYGON: ['MultiPolygon', (r) => list(r, rings)],
};

function geometry(r: Reader): KqlDynamic {
  const word = (r.next() ?? '').toUpperCase();
  if (word === 'GEOMETRYCOLLECTION') return { type: 'GeometryCollection', geometries: list(r, geometry) };
  const kind = KINDS[word];
  if (!kind) throw new SyntaxError(`unknown geometry ${word}`);
  return { type: kind[0], coordinates: kind[1](r) };
}

export function wktToGeoJson(text: string): KqlDynamic | undefined {
  const tokens = tokenize(text.trim());
  if (!tokens) return undefined;
  const r = new Reader(tokens);
  try {
    const g = geometry(r);
    return r.done() ? g : undefined;
  } catch {
    return undefined;
  }
}
