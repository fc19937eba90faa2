/**
 * Unit conversion functions convert_angle/energy/force/length/mass/speed/temperature/volume
 * (value, from, to). Unit names follow the UnitsNet names Kusto documents (`Meter`, `Foot`,
 * `DegreeCelsius` …), matched case-insensitively; an unknown unit gives null. Each table holds
 * the size of one unit in the quantity's base unit; temperature is affine and handled apart.
 */
import { numberConv, stringConv } from './coerce.js';
import { type Compile, defineAll, type Spec } from './define.js';

type Table = Readonly<Record<string, number>>;

const INCH = 0.0254;
const FOOT = 0.3048;
const POUND = 0.45359237;
const US_GALLON = 0.003785411784;
const G = 9.80665;

const ANGLE: Table = {
  degree: 1,
  arcminute: 1 / 60,
  arcsecond: 1 / 3600,
  radian: 180 / Math.PI,
  milliradian: 180 / Math.PI / 1e3,
  microradian: 180 / Math.PI / 1e6,
  nanoradian: 180 / Math.PI / 1e9,
  centiradian: 180 / Math.PI / 1e2,
  deciradian: 180 / Math.PI / 10,
  gradian: 0.9,
  revolution: 360,
  millidegree: 1e-3,
  microdegree: 1e-6,
  nanodegree: 1e-9,
  natomil: 360 / 6400,
};

const LENGTH: Table = {
  meter: 1,
  kilometer: 1e3,
  hectometer: 1e2,
  decameter: 10,
  decimeter: 0.1,
  centimeter: 1e-2,
  millimeter: 1e-3,
  micrometer: 1e-6,
  nanometer: 1e-9,
  megameter: 1e6,
  mile: 1609.344,
  yard: 0.9144,
  foot: FOOT,
  inch: INCH,
  mil: INCH / 1e3,
  microinch: INCH / 1e6,
  nauticalmile: 1852,
  fathom: 1.8288,
  chain: 20.1168,
  hand: 0.1016,
  shackle: 27.432,
  ussurveyfoot: 1200 / 3937,
  dtppoint: INCH / 72,
  dtppica: INCH / 6,
  printerpoint: INCH / 72.27,
  astronomicalunit: 1.495978707e11,
  lightyear: 9.46073047258e15,
  parsec: 3.08567758128e16,
};

const MASS: Table = {
  kilogram: 1,
  gram: 1e-3,
  hectogram: 0.1,
  decagram: 1e-2,
  decigram: 1e-4,
  centigram: 1e-5,
  milligram: 1e-6,
  microgram: 1e-9,
  nanogram: 1e-12,
  tonne: 1e3,
  kilotonne: 1e6,
  megatonne: 1e9,
  pound: POUND,
  kilopound: POUND * 1e3,
  megapound: POUND * 1e6,
  ounce: 0.028349523125,
  stone: 6.35029318,
  shortton: 907.18474,
  longton: 1016.0469088,
  grain: 6.479891e-5,
  slug: 14.593902937206,
  earthmass: 5.9722e24,
  solarmass: 1.98947e30,
};

const VOLUME: Table = {
  cubicmeter: 1,
  cubickilometer: 1e9,
  cubichectometer: 1e6,
  cubicdecimeter: 1e-3,
  cubiccentimeter: 1e-6,
  cubicmillimeter: 1e-9,
  liter: 1e-3,
  milliliter: 1e-6,
  centiliter: 1e-5,
  deciliter: 1e-4,
  hectoliter: 0.1,
  kiloliter: 1,
  megaliter: 1e3,
  cubicfoot: FOOT ** 3,
  cubicinch: INCH ** 3,
  cubicyard: 0.9144 ** 3,
  cubicmile: 1609.344 ** 3,
  // UnitsNet (which Kusto uses) defines the acre-foot by 1 m³ = 0.000810714 acre-ft.
  acrefoot: 1 / 0.000810714,
  usgallon: US_GALLON,
  usquart: US_GALLON / 4,
  uspint: US_GALLON / 8,
  usounce: US_GALLON / 128,
  ustablespoon: US_GALLON / 256,
  usteaspoon: US_GALLON / 768,
  uscustomarycup: US_GALLON / 16,
  imperialgallon: 0.00454609,
  imperialquart: 0.00454609 / 4,
  imperialpint: 0.00454609 / 8,
  imperialounce: 0.00454609 / 160,
  oilbarrel: 0.158987294928,
  metriccup: 2.5e-4,
  metricteaspoon: 5e-6,
};

const ENERGY: Table = {
  joule: 1,
  kilojoule: 1e3,
  megajoule: 1e6,
  gigajoule: 1e9,
  terajoule: 1e12,
  millijoule: 1e-3,
  calorie: 4.184,
  kilocalorie: 4184,
  megacalorie: 4.184e6,
  watthour: 3600,
  kilowatthour: 3.6e6,
  megawatthour: 3.6e9,
  gigawatthour: 3.6e12,
  terawatthour: 3.6e15,
  electronvolt: 1.602176634e-19,
  kiloelectronvolt: 1.602176634e-16,
  megaelectronvolt: 1.602176634e-13,
  britishthermalunit: 1055.05585262,
  kilobritishthermalunit: 1055055.85262,
  erg: 1e-7,
  footpound: 1.355817948,
  thermus: 1.054804e8,
  thermec: 1.05505585262e8,
  thermimperial: 1.05505585257348e8,
  horsepowerhour: 2.6845195377e6,
};

const FORCE: Table = {
  newton: 1,
  kilonewton: 1e3,
  meganewton: 1e6,
  decanewton: 10,
  millinewton: 1e-3,
  micronewton: 1e-6,
  dyn: 1e-5,
  kilogramforce: G,
  tonneforce: G * 1e3,
  poundforce: POUND * G,
  kilopoundforce: POUND * G * 1e3,
  ounceforce: (POUND * G) / 16,
  shorttonforce: POUND * G * 2000,
  poundal: POUND * FOOT,
};

const SPEED: Table = {
  meterpersecond: 1,
  meterperminute: 1 / 60,
  meterperhour: 1 / 3600,
  kilometerpersecond: 1e3,
  kilometerperminute: 1e3 / 60,
  kilometerperhour: 1 / 3.6,
  centimeterpersecond: 1e-2,
  millimeterpersecond: 1e-3,
  micrometerpersecond: 1e-6,
  footpersecond: FOOT,
  footperminute: FOOT / 60,
  footperhour: FOOT / 3600,
  inchpersecond: INCH,
  yardpersecond: 0.9144,
  milepersecond: 1609.344,
  mileperhour: 0.44704,
  knot: 1852 / 3600,
  mach: 340.29,
};

/** Kelvin ↔ each temperature scale. */
const TEMPERATURE: Readonly<Record<string, readonly [(x: number) => number, (k: number) => number]>> = {
  kelvin: [(x) => x, (k) => k],
  degreecelsius: [(x) => x + 273.15, (k) => k - 273.15],
  millidegreecelsius: [(x) => x / 1e3 + 273.15, (k) => (k - 273.15) * 1e3],
  degreefahrenheit: [(x) => ((x + 459.67) * 5) / 9, (k) => (k * 9) / 5 - 459.67],
  degreerankine: [(x) => (x * 5) / 9, (k) => (k * 9) / 5],
  degreedelisle: [(x) => 373.15 - (x * 2) / 3, (k) => ((373.15 - k) * 3) / 2],
  degreenewton: [(x) => (x * 100) / 33 + 273.15, (k) => ((k - 273.15) * 33) / 100],
  degreereaumur: [(x) => (x * 5) / 4 + 273.15, (k) => ((k - 273.15) * 4) / 5],
  degreeroemer: [(x) => ((x - 7.5) * 40) / 21 + 273.15, (k) => ((k - 273.15) * 21) / 40 + 7.5],
  solartemperature: [(x) => x * 5778, (k) => k / 5778],
};

const converter =
  (convert: (x: number, from: string, to: string) => number | undefined): Compile =>
  (types) => {
    const n = numberConv(types[0] ?? 'real');
    const from = stringConv(types[1]);
    const to = stringConv(types[2]);
    return (v, f, t) => {
      const x = n(v);
      if (x === null) return null;
      const r = convert(x, from(f).trim().toLowerCase(), to(t).trim().toLowerCase());
      return r === undefined ? null : r;
    };
  };

const byTable = (table: Table) => (x: number, from: string, to: string) => {
  const a = table[from];
  const b = table[to];
  if (a === undefined || b === undefined) return undefined;
  return from === to ? x : (x * a) / b;
};

const unitSpec = (quantity: string, convert: (x: number, from: string, to: string) => number | undefined): Spec => ({
  name: `convert_${quantity}`,
  doc: `Converts a ${quantity} value from one unit to another.`,
  params: ['real', 'string', 'string'],
  returns: 'real',
  compile: converter(convert),
});

export const unitFunctions = defineAll('math', [
  unitSpec('angle', byTable(ANGLE)),
  unitSpec('energy', byTable(ENERGY)),
  unitSpec('force', byTable(FORCE)),
  unitSpec('length', byTable(LENGTH)),
  unitSpec('mass', byTable(MASS)),
  unitSpec('speed', byTable(SPEED)),
  unitSpec('volume', byTable(VOLUME)),
  unitSpec('temperature', (x, from, to) => {
    const a = TEMPERATURE[from];
    const b = TEMPERATURE[to];
    return a === undefined || b === undefined ? undefined : b[1](a[0](x));
  }),
]);
