/**
 * Fills a slice with benign activity up to its event budget. Workstations are dominated by user
 * work (browsers, Office, Teams), servers by services, logons and file shares; both get the system
 * and IT-management background (updates, Defender, scheduled tasks, GPO, deployments).
 */
import {
  defender,
  groupPolicy,
  scheduledTask,
  serverTraffic,
  serviceRegistry,
  softwareDeployment,
  windowsUpdate,
} from './background-system.js';
import { browse, mailAndChat, officeWork, shellActivity, unlock } from './background-user.js';
import type { UserSession } from './boot.js';
import { deviceInfoRow } from './device-info.js';
import type { Slice } from './slice.js';

type Activity = (s: Slice, sess: UserSession) => void;
type SystemActivity = (s: Slice) => void;

const USER_ACTIVITIES: readonly (readonly [Activity, number])[] = [
  [browse, 30],
  [officeWork, 12],
  [mailAndChat, 16],
  [shellActivity, 8],
  [unlock, 4],
];

const SYSTEM_ACTIVITIES: readonly (readonly [SystemActivity, number])[] = [
  [windowsUpdate, 5],
  [defender, 6],
  [scheduledTask, 4],
  [groupPolicy, 1],
  [softwareDeployment, 2],
  [serviceRegistry, 4],
];

const SERVER_ACTIVITIES: readonly (readonly [SystemActivity, number])[] = [...SYSTEM_ACTIVITIES, [serverTraffic, 30]];

/** DeviceInfo reports spread over the day (a handful per device and day). */
function deviceInfo(s: Slice): void {
  const n = Math.max(1, Math.min(4, Math.floor(s.budget / 60)));
  const step = (s.end - s.start) / BigInt(n);
  for (let i = 0; i < n; i++) {
    const at = s.start + step * BigInt(i) + BigInt(s.rng.int(0, 600_000)) * 10_000n;
    s.emit('DeviceInfo', deviceInfoRow(s.state.org, s.device, at < s.end ? at : s.end - 1n));
  }
}

export function fillBackground(s: Slice): void {
  if (s.budget <= 0) return;
  deviceInfo(s);
  const sess = s.state.boot.session;
  // Stop on budget; a guard bounds the loop in case activities emit nothing.
  for (let guard = 0; s.backgroundCount < s.budget && guard < s.budget * 4; guard++) {
    if (sess && s.rng.chance(0.78)) s.rng.weighted(USER_ACTIVITIES)(s, sess);
    else s.rng.weighted(sess ? SYSTEM_ACTIVITIES : SERVER_ACTIVITIES)(s);
  }
}
