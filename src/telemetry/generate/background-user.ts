/**
 * Benign user activity on workstations: browsing, Office documents, Teams and OneDrive traffic,
 * downloads of ordinary files, shell registry updates, screen unlocks. Everything runs under the
 * user's explorer.exe session, so process trees reach winlogon → userinit → explorer.
 */
import type { UserSession } from './boot.js';
import { BIN } from './catalog.js';
import { OFFICE_HOSTS, ONEDRIVE_HOSTS, TEAMS_HOSTS, WEB_SITES } from './destinations.js';
import { connect, connectBurst, contentHashes, logon, setRegistry, startProcess, writeFile } from './emit.js';
import type { Slice } from './slice.js';

const DOC_WORDS = ['budget', 'report', 'minutes', 'plan', 'forecast', 'roadmap', 'invoice', 'review', 'notes', 'draft'];
const DOC_KINDS = [
  ['WINWORD.EXE', 'docx'],
  ['EXCEL.EXE', 'xlsx'],
  ['POWERPNT.EXE', 'pptx'],
] as const;
const DOWNLOADS = ['agenda.pdf', 'statement.pdf', 'photo.jpg', 'dataset.csv', 'slides.pdf', 'handbook.pdf'];

function docName(s: Slice, ext: string): string {
  return `${s.rng.pick(DOC_WORDS)}_${s.rng.pick(DOC_WORDS)}_${s.rng.int(1, 40)}.${ext}`;
}

export function browse(s: Slice, sess: UserSession): void {
  const at = s.time('office');
  const edge = s.rng.chance(0.55);
  const bin = edge ? BIN.msedge : BIN.chrome;
  const site = s.rng.pick(WEB_SITES);
  const cmd = `"${bin.folder}\\${bin.fileName}" ${edge ? '--single-argument' : '--'} https://${site.host}/`;
  const browser = startProcess(s, bin, cmd, sess.explorer, at);
  const end = connectBurst(s, browser, WEB_SITES, at, s.rng.int(2, 8));
  if (s.rng.chance(0.12)) {
    const name = s.rng.pick(DOWNLOADS);
    const src = s.rng.pick(WEB_SITES);
    writeFile(s, browser, s.after(end, 200, 5_000), {
      action: 'FileCreated',
      fileName: name,
      folder: `C:\\Users\\${sess.user.profile}\\Downloads`,
      ...contentHashes(s),
      size: s.rng.int(20_000, 4_000_000),
      originUrl: `https://${src.host}/files/${name}`,
      referrerUrl: `https://${src.host}/`,
      originIp: '',
    });
  }
}

export function officeWork(s: Slice, sess: UserSession): void {
  const at = s.time('office');
  const [exe, ext] = s.rng.pick(DOC_KINDS);
  const bin = exe === 'WINWORD.EXE' ? BIN.winword : exe === 'EXCEL.EXE' ? BIN.excel : BIN.powerpnt;
  const name = docName(s, ext);
  const folder = `C:\\Users\\${sess.user.profile}\\OneDrive - Corp\\Documents`;
  const app = startProcess(s, bin, `"${bin.folder}\\${exe}" /n "${folder}\\${name}"`, sess.explorer, at);
  connectBurst(s, app, OFFICE_HOSTS, at, s.rng.int(1, 3));
  const saved = s.after(at, 60_000, 3_000_000);
  writeFile(s, app, saved, {
    action: 'FileModified',
    fileName: name,
    folder,
    ...contentHashes(s),
    size: s.rng.int(15_000, 900_000),
    sensitivityLabel: s.rng.chance(0.1) ? 'Confidential' : undefined,
  });
  setRegistry(s, app, s.after(saved, 10, 500), {
    action: 'RegistryValueSet',
    key: `HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\${exe === 'EXCEL.EXE' ? 'Excel' : exe === 'WINWORD.EXE' ? 'Word' : 'PowerPoint'}\\User MRU\\ADAL_${sess.user.objectId.toUpperCase()}\\File MRU`,
    valueType: 'String',
    valueName: 'Item 1',
    valueData: `[F00000000][T01DA${s.rng.hex(12).toUpperCase()}][O00000000]*${folder}\\${name}`,
  });
}

export function mailAndChat(s: Slice, sess: UserSession): void {
  const at = s.time('office');
  const pick = s.rng.int(0, 2);
  const proc = pick === 0 ? sess.outlook : pick === 1 ? sess.teams : sess.oneDrive;
  const pool = pick === 0 ? OFFICE_HOSTS : pick === 1 ? TEAMS_HOSTS : ONEDRIVE_HOSTS;
  connectBurst(s, proc, pool, at, s.rng.int(1, 4));
  if (pick === 0 && s.rng.chance(0.2)) {
    const name = `${s.rng.pick(DOC_WORDS)}.pdf`;
    writeFile(s, proc, s.after(at, 500, 30_000), {
      action: 'FileCreated',
      fileName: name,
      folder: `C:\\Users\\${sess.user.profile}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${s.rng.hex(8).toUpperCase()}`,
      ...contentHashes(s),
      size: s.rng.int(30_000, 2_000_000),
    });
  }
}

export function shellActivity(s: Slice, sess: UserSession): void {
  const at = s.time('office');
  const roll = s.rng.int(0, 3);
  if (roll === 0) {
    const note = startProcess(
      s,
      BIN.notepad,
      `"C:\\Windows\\system32\\NOTEPAD.EXE" C:\\Users\\${sess.user.profile}\\Desktop\\todo.txt`,
      sess.explorer,
      at,
    );
    writeFile(s, note, s.after(at, 30_000, 900_000), {
      action: 'FileModified',
      fileName: 'todo.txt',
      folder: `C:\\Users\\${sess.user.profile}\\Desktop`,
      ...contentHashes(s),
      size: s.rng.int(100, 9_000),
    });
    return;
  }
  if (roll === 1) {
    const old = docName(s, 'docx');
    writeFile(s, sess.explorer, at, {
      action: 'FileRenamed',
      fileName: old.replace('.docx', '_final.docx'),
      folder: `C:\\Users\\${sess.user.profile}\\Documents`,
      previousFileName: old,
      previousFolder: `C:\\Users\\${sess.user.profile}\\Documents`,
      ...contentHashes(s),
      size: s.rng.int(15_000, 500_000),
    });
    return;
  }
  setRegistry(s, sess.explorer, at, {
    action: 'RegistryValueSet',
    key: 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs',
    valueType: 'Binary',
    valueName: String(s.rng.int(0, 40)),
    valueData: s.rng.hex(48),
    previousData: s.rng.chance(0.5) ? s.rng.hex(48) : undefined,
  });
}

export function unlock(s: Slice, sess: UserSession): void {
  const at = s.time('office');
  const failed = s.rng.chance(0.06);
  logon(s, s.state.boot.lsass, at, {
    action: failed ? 'LogonFailed' : 'LogonSuccess',
    logonType: failed ? 'Interactive' : 'Unlock',
    account: sess.user,
    protocol: 'Negotiate',
    failureReason: failed ? 'InvalidUserNameOrPassword' : undefined,
    isLocalAdmin: false,
    logonId: sess.explorer.logonId,
    remoteDeviceName: '',
    remoteIp: '127.0.0.1',
    remotePort: 0,
  });
  if (!failed && s.rng.chance(0.3)) connect(s, sess.teams, s.rng.pick(TEAMS_HOSTS), s.after(at, 500, 9_000));
}
