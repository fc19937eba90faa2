/**
 * Registry paths from Sysmon in Defender's spelling (docs/telemetry.md): hives in full, a user's own
 * hive under HKEY_CURRENT_USER\<SID>, the active control set as ControlSet001.
 */
import { describe, expect, it } from 'vitest';
import { expandHive } from '../../../src/telemetry/loaders/windows-events.js';

describe('expandHive', () => {
  it.each([
    [
      'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
    ],
    [
      'HKLM\\System\\CurrentControlSet\\Services\\EvilSvc',
      'HKEY_LOCAL_MACHINE\\System\\ControlSet001\\Services\\EvilSvc',
    ],
    ['HKLM\\SYSTEM\\CurrentControlSet', 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001'],
    ['HKLM\\SYSTEM\\ControlSet002\\Services\\x', 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Services\\x'],
    // Only the control set under SYSTEM is renamed; a value or key elsewhere named so stays.
    ['HKLM\\SOFTWARE\\Vendor\\CurrentControlSet', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\CurrentControlSet'],
    ['HKLM\\System\\CurrentControlSetX\\y', 'HKEY_LOCAL_MACHINE\\System\\CurrentControlSetX\\y'],
    ['HKU\\S-1-5-21-1-2-3-1104\\Software\\Run', 'HKEY_CURRENT_USER\\S-1-5-21-1-2-3-1104\\Software\\Run'],
    ['HKU\\S-1-5-21-1-2-3-1104_Classes\\CLSID', 'HKEY_CURRENT_USER\\S-1-5-21-1-2-3-1104_Classes\\CLSID'],
    ['HKU\\S-1-12-1-111-222-333-444\\Software', 'HKEY_CURRENT_USER\\S-1-12-1-111-222-333-444\\Software'],
    ['HKU\\.DEFAULT\\Software\\x', 'HKEY_USERS\\.DEFAULT\\Software\\x'],
    ['HKU\\S-1-5-18\\Software\\x', 'HKEY_USERS\\S-1-5-18\\Software\\x'],
    ['HKCR\\CLSID\\{0}', 'HKEY_CLASSES_ROOT\\CLSID\\{0}'],
    ['HKCR', 'HKEY_CLASSES_ROOT'],
    ['HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\x', 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\x'],
    ['', ''],
  ])('%s → %s', (sysmon, defender) => {
    expect(expandHive(sysmon)).toBe(defender);
  });
});
