import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RMM_TOOLS } from '../../../src/data/rmm.generated.js';
import { RMM_PROFILES } from '../../../src/telemetry/generate/rmm-profiles.js';
import { hasTerm } from './helpers.js';

interface SharedTool {
  readonly name: string;
  readonly vendor_company_names: string[];
  readonly signers: string[];
  readonly domains: string[];
  readonly process_names: string[];
}

describe('RMM facts module', () => {
  const shared = JSON.parse(
    readFileSync(new URL('../../fixtures/shared/data/rmm_tools.json', import.meta.url), 'utf8'),
  ) as SharedTool[];

  it('carries every tool of the shared facts with its names and domains', () => {
    expect(RMM_TOOLS.length).toBe(shared.length);
    const slugs = new Set(RMM_TOOLS.map((t) => t.slug));
    expect(slugs.size).toBe(RMM_TOOLS.length);
    for (const s of shared) {
      const t = RMM_TOOLS.find((x) => x.name === s.name)!;
      expect(t, s.name).toBeDefined();
      expect(t.companyNames).toEqual([...new Set(s.vendor_company_names.map((x) => x.trim()).filter(Boolean))]);
      expect(t.domains).toEqual([...new Set(s.domains.map((x) => x.trim()).filter(Boolean))]);
    }
    const syncro = RMM_TOOLS.find((t) => t.slug === 'syncro')!;
    expect(syncro.aliases).toContain('SyncroMSP');
    expect(syncro.ruleIds.createproc).toBe('f9919f87-a7ba-4f47-a942-e30c46eb7a7d');
  });
});

describe('planted RMM profiles', () => {
  it('plants at least eight tools, SyncroMSP, AnyDesk, ScreenConnect, Atera and TeamViewer among them', () => {
    const names = RMM_PROFILES.map((p) => p.display);
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const n of ['SyncroMSP', 'AnyDesk', 'ScreenConnect', 'Atera', 'TeamViewer']) expect(names).toContain(n);
  });

  for (const p of RMM_PROFILES) {
    it(`${p.display}: names and hosts come from the facts`, () => {
      const f = p.facts;
      const vendorStrings = [...f.companyNames, ...f.companyTerms, ...f.signers, ...f.signerTerms];
      expect(
        vendorStrings.some((v) => hasTerm(p.agent.company, v)),
        p.agent.company,
      ).toBe(true);
      expect(
        vendorStrings.some((v) => hasTerm(p.agent.cert.signer, v)),
        p.agent.cert.signer,
      ).toBe(true);
      expect(f.processNames.map((x) => x.toLowerCase())).toContain(p.agent.fileName.toLowerCase());
      for (const host of p.hosts) {
        const ok = f.domains.some((d) => {
          const bare = d.replace(/^\*\./, '').replace(/:\d+$/, '');
          return host === bare || host.endsWith(`.${bare}`);
        });
        expect(ok, host).toBe(true);
      }
      // One binary identity → one set of hashes (AnyDesk's installer is the agent binary itself).
      expect(p.agent.sha1).toMatch(/^[0-9a-f]{40}$/);
      expect(p.installer.sha256 === p.agent.sha256).toBe(p.installer.fileName === p.agent.fileName);
    });
  }
});
