/**
 * Which devices get which planted RMM scenario. Each planted device gets exactly one: legitimate
 * SyncroMSP management (benign) or one tool's abuse (malicious). At least a third of the fleet stays
 * clean, so "devices without planted RMM tools really have none" is testable at every size.
 */
import type { DeviceRole } from './fleet.js';
import type { Rng } from './prng.js';
import { RMM_PROFILES, SYNCRO_KEY } from './rmm-profiles.js';
import type { Verdict } from './slice.js';

export interface Plant {
  readonly key: string;
  readonly verdict: Verdict;
  /** Day index the scenario starts (benign: -1 = installed before the window). */
  readonly startDay: number;
}

export function planPlants(roles: readonly DeviceRole[], days: number, rng: Rng): Map<number, Plant> {
  const n = roles.length;
  const plants = new Map<number, Plant>();
  const maxPlanted = n - Math.max(1, Math.floor(n / 3));
  if (maxPlanted <= 0) return plants;
  const order = rng.shuffle(roles.map((_, i) => i));
  const workstations = order.filter((i) => roles[i] === 'workstation');
  const used = new Set<number>();
  const take = (pool: readonly number[]): number | undefined => {
    const i = pool.find((x) => !used.has(x));
    if (i !== undefined) used.add(i);
    return i;
  };
  // Malicious installs come in through a user's phishing click, so they need a workstation.
  const attackDay = () => (days <= 1 ? 0 : rng.int(Math.min(1, days - 1), days - 1));
  const malicious = RMM_PROFILES.map((p) => p.key);
  const benignCount = Math.max(1, Math.round(n * 0.06));
  const wanted: { key: string; verdict: Verdict }[] = [
    { key: SYNCRO_KEY, verdict: 'benign' },
    ...malicious.map((key) => ({ key, verdict: 'malicious' as const })),
  ];
  for (let i = 1; i < benignCount; i++) wanted.push({ key: SYNCRO_KEY, verdict: 'benign' });
  let benignSeen = 0;
  for (const w of wanted) {
    if (used.size >= maxPlanted) break;
    const idx = w.verdict === 'malicious' ? take(workstations) : take(order);
    if (idx === undefined) continue;
    // The first benign device is deployed by an admin inside the window; the rest were managed before.
    const startDay = w.verdict === 'malicious' ? attackDay() : benignSeen++ === 0 ? 0 : -1;
    plants.set(idx, { key: w.key, verdict: w.verdict, startDay });
  }
  return plants;
}
