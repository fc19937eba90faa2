/** ATT&CK context facet: the rule's techniques and tactics resolved against ATT&CK (generated data). */
import {
  ATTACK_VERSION,
  type AttackTactic,
  retiredTechnique,
  subTechniquesOf,
  TACTICS,
  tacticByName,
  technique,
} from '../../data/attack.generated.js';
import type { Rule } from '../model.js';
import type { AttackContext, AttackTacticRef, AttackTechniqueRef } from './types.js';

function tacticRef(t: AttackTactic): AttackTacticRef {
  return { id: t.id, shortname: t.shortname, name: t.name, url: t.url };
}

function techniqueRef(id: string): AttackTechniqueRef | undefined {
  const t = technique(id);
  if (!t) return undefined;
  const parent = t.parent ? technique(t.parent) : undefined;
  return {
    id: t.id,
    name: t.name,
    url: t.url,
    isSubtechnique: t.parent !== null,
    parent: parent ? { id: parent.id, name: parent.name } : undefined,
    subTechniques: t.parent === null ? subTechniquesOf(t.id).map((s) => ({ id: s.id, name: s.name })) : [],
    tactics: TACTICS.filter((x) => t.tactics.includes(x.shortname)).map(tacticRef),
    platforms: t.platforms,
  };
}

export function attackContext(rule: Rule): AttackContext {
  const unknown: string[] = [];
  const retired: AttackContext['retired'][number][] = [];
  const techniques: AttackTechniqueRef[] = [];
  for (const id of rule.techniques) {
    const ref = techniqueRef(id);
    if (ref) {
      techniques.push(ref);
      continue;
    }
    const old = retiredTechnique(id);
    if (old) {
      retired.push({ id: old.id, name: old.name, replacedBy: old.revokedBy });
      const replacement = old.revokedBy ? techniqueRef(old.revokedBy) : undefined;
      if (replacement && !techniques.some((t) => t.id === replacement.id)) techniques.push(replacement);
    } else unknown.push(id);
  }
  const declared: AttackTactic[] = [];
  for (const name of rule.tactics) {
    const t = tacticByName(name);
    if (t) declared.push(t);
    else unknown.push(name);
  }
  // Without declared tactics, the techniques' tactics stand in.
  const fromTechniques = TACTICS.filter((t) => techniques.some((x) => x.tactics.some((y) => y.id === t.id)));
  const tactics = (declared.length > 0 ? declared : fromTechniques)
    .filter((t, i, all) => all.indexOf(t) === i)
    .sort((a, b) => a.order - b.order)
    .map(tacticRef);
  return { version: ATTACK_VERSION, techniques, tactics, unknown, retired };
}
