/**
 * Validation of the ATT&CK fields of a rule. Tactics: a name made of letters, digits, spaces and
 * `/ ( ) & , . - _` (Sentinel's `InitialAccess`, Defender hunting's `Ransomware (state)`); anything
 * else — markup such as `Execution<script>`, control characters, 200-character blobs — is reported
 * and dropped, so untrusted rule text never reaches coverage or pages as a tactic. Techniques must be
 * ids (`T1059`, `T1059.001`).
 */
import { RULE_DIAG } from './diagnostics.js';

const TACTIC_NAME = /^[A-Za-z][A-Za-z0-9 /()&,.\-_]{0,63}$/;
export const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/i;

export function isTacticName(s: string): boolean {
  return TACTIC_NAME.test(s);
}

type Fact = ReturnType<(typeof RULE_DIAG)['badAttackValue']>;

/** The valid entries; one diagnostic per dropped entry goes to `notes`. */
export function validTactics(list: readonly string[], notes: Fact[]): string[] {
  return list.filter((t) => {
    const ok = isTacticName(t.trim());
    if (!ok)
      notes.push(
        RULE_DIAG.badAttackValue(
          'tactics',
          t,
          'a tactic name such as InitialAccess (letters, digits, spaces and / ( ) & , . - _)',
        ),
      );
    return ok;
  });
}

export function validTechniques(list: readonly string[], notes: Fact[]): string[] {
  return list.filter((t) => {
    const ok = TECHNIQUE_ID.test(t.trim());
    if (!ok) notes.push(RULE_DIAG.badAttackValue('relevantTechniques', t, 'a technique id such as T1059 or T1059.001'));
    return ok;
  });
}
