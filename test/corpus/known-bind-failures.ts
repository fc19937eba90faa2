/**
 * Every corpus query that does not bind cleanly, with the diagnostic codes it gets and why.
 * A query missing from this list that fails, or a listed one that now binds, fails the test.
 */
export interface KnownBindFailure {
  readonly codes: readonly string[];
  readonly category: 'malformed' | 'defect' | 'cloud-only' | 'schema-gap';
  readonly why: string;
}

export const KNOWN_BIND_FAILURES: Readonly<Record<string, KnownBindFailure>> = {
  // Remote Management and Monitoring tool - All Tools - Network Connection
  'c65e2d45-2560-4ea5-913b-d3d88de10c42': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - AeroAdmin - Network Connection
  'b00595db-ba89-48d8-bdf2-77b18c6be7ac': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - Ammyy - Network Connection
  '0e92144a-d108-45dd-abb4-b0200c8c8cd0': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - Atera - Network Connection
  '774bb5a8-c93b-4fa1-8ebf-4053b99622ed': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - AweSun - Network Connection
  '4e339200-6a5a-4e83-8ba4-87acee0bd518': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - BarracudaRMM - Network Connection
  '62263920-ab21-4fc6-84ce-00ca4360c091': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - BeyondTrust - Network Connection
  '605d7211-b9f2-4550-b8f0-d2218f5b926f': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - ChromeRDP - Network Connection
  'cb94b1ea-e427-4532-8abf-09d4288d94fb': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - ConnectWise - Network Connection
  'e483619f-5356-4967-b93e-cceb602783fb': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - DWService - Network Connection
  '6fdde44e-4ae5-4bbe-a97b-fcb3b505864c': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - DesktopNow - Network Connection
  '337d4bc9-3087-472a-9007-920cc60fd080': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - GetScreen - Network Connection
  '9c60001c-2118-437b-90f2-d0f899587c3b': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - ISLOnline - Network Connection
  'b24a1cca-0419-4c47-b400-b78009561482': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - IperiusRemote - Network Connection
  'be82cbca-f831-4e96-82ce-e779169a0a87': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - Level - Network Connection
  '809456ed-b3ff-4699-a2fb-837b17555f6c': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - LogMeIn - Network Connection
  'e1f849f9-1218-4990-964d-dd8c69897107': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - MSP360_CloudBerry - Network Connection
  '3a4d43d5-2326-467c-a22a-4f1f1f3e2890': {
    codes: ['KQL203', 'KQL302'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // Remote Management and Monitoring tool - MeshCentral - Network Connection
  'fd366644-9bb6-4c00-870c-526ba9186270': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - NAble - Network Connection
  '2cd90dd4-4f42-4d3e-86ed-b5c711f79f65': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - Naverisk - Network Connection
  '6a9e8751-beb2-48b3-b7c9-c86f57385b99': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - NetSupport - Network Connection
  'f19632db-9c3c-4141-8e58-32e34731a445': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - NinjaRMM - Network Connection
  'b766a587-e494-4bdd-9af5-97084d54c1cf': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - OptiTune - Network Connection
  'e68f4b27-8001-4186-9c14-a1ef98c73dd2': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - PDQ - Network Connection
  '58cbbe97-f835-4677-9bee-203b1df29600': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - Panorama9 - Network Connection
  '937867d4-9b3b-4030-bde0-0f7d2f4605ec': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - PcVisit - Network Connection
  'bb7b6b01-b7b4-4ea9-ba0e-847093d75c68': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - Pulseway - Network Connection
  '42fd7dc0-e3ba-47e2-a470-603e29fff986': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - RAdmin - Network Connection
  '98c6b5df-942e-40a4-8dcb-b73e3eaaf429': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - RPort - Network Connection
  'a464ea00-ed87-465f-8269-4b6927d9edfa': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - RealVNC - Network Connection
  'b27b5b31-4cdf-4c1a-87f9-10c127f2570d': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - RemoteDesktopPlus - Network Connection
  '933cd845-059b-46e6-8f2b-261fad9ff998': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - RemotePC - Network Connection
  '30d32feb-6ac7-4d97-8a99-d40f5dfa61b5': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - RemoteUtilities - Network Connection
  '30c70f7f-8018-4c45-9cd3-13ef9bc41426': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - RustDesk - Network Connection
  '9d6ce6ba-f13e-473c-ac2b-56b74c4a5900': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - ShowMyPC - Network Connection
  '9074b61c-76e2-4793-ad48-0e9226c35c3e': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - Splashtop - Network Connection
  '7253fc17-ed4b-4c54-9612-7ad48274c294': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - SupRemo - Network Connection
  '889b90bc-599e-4e28-bb19-1ffc04dbf80b': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - TigerVNC - Network Connection
  'dc1950c0-efeb-4695-aa95-74198df5dab8': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - UltraViewer - Network Connection
  'da07fd48-7420-4164-a837-2d39451af10b': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - ZohoAssist - Network Connection
  'b915897c-1fe7-47f4-9e06-2ae74da8203e': {
    codes: ['KQL203', 'KQL302'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // Remote Management and Monitoring tool - parsec.app - Network Connection
  '070b55d3-eb84-4312-a116-1af9965cd6e4': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // Remote Management and Monitoring tool - SyncroMSP - Network Connection
  '3abb45d6-8514-4444-a7e4-6ab1c71ae5ce': {
    codes: ['KQL302'],
    category: 'defect',
    why: 'upstream defect: DeviceNetworkEvents has no AccountUpn column (it is InitiatingProcessAccountUpn); Kusto rejects the query with the same error',
  },
  // apt unidentified nov 18
  'm365hq-b4017f2951ad4516': {
    codes: ['KQL202'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // Locate Nobelium implant receiving DNS response
  'm365hq-e4685f6e063b968b': {
    codes: ['KQL202', 'KQL302'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // Detect activity associated with malicious DLL, cyzfc.dat
  'm365hq-45ab421c2bb68367': {
    codes: ['KQL202'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // Open email link
  'm365hq-25323dcfad4bd51e': {
    codes: ['KQL202', 'KQL301', 'KQL404'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts (after the unknown table its columns have no type, and arithmetic on them types as Kusto types `dynamic + 5d` (a timespan), so a comparison further down adds KQL404)",
  },
  // Detect malicious use of Msiexec
  'm365hq-24a8234382371769': {
    codes: ['KQL202'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // Map external devices
  'm365hq-f4d66273e5934d62': {
    codes: ['KQL202', 'KQL302'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // CVE-2021-36934 usage detection
  'm365hq-61f193af99bd7493': {
    codes: ['KQL101', 'KQL202'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // printnightmare-cve-2021-1675 usage detection
  'm365hq-c90d1d751e32e769': {
    codes: ['KQL202', 'KQL302'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // Events surrounding alert
  'm365hq-e3e00cb842f1cb6e': {
    codes: ['KQL202', 'KQL302'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // File footprint
  'm365hq-3c54d21664e20a91': {
    codes: ['KQL202', 'KQL302'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // Account brute force
  'm365hq-7a9b3f73c58b9b91': {
    codes: ['KQL202', 'KQL302'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // Create account
  'm365hq-6ec3557a9a1504bf': {
    codes: ['KQL202', 'KQL302'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // Antivirus detections
  'm365hq-492cc374a91ec724': {
    codes: ['KQL202', 'KQL302'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // ExploitGuardStats
  'm365hq-737f3f9e85cd4f61': {
    codes: ['KQL202', 'KQL302'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // Ignite 2020 - Best practices for hunting across domains with Microsoft 365 Defender
  'm365hq-a4d573033f7453c8': {
    codes: ['KQL202', 'KQL302', 'KQL501'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // Episode 1 - KQL Fundamentals
  'm365hq-f5f795ee6db938e3': {
    codes: ['KQL202', 'KQL302', 'KQL303'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // Episode 3 - Summarizing, Pivoting, and Joining
  'm365hq-251def45ded7d4c8': {
    codes: ['KQL202', 'KQL302'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // MCAS - The Hunt
  'm365hq-794658e68574e176': {
    codes: ['KQL202', 'KQL302', 'KQL303'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts",
  },
  // Performance, Json and dynamics operator, external data
  'm365hq-ecad93debe7145b2': {
    codes: ['KQL202', 'KQL301', 'KQL302', 'KQL404'],
    category: 'malformed',
    why: "malformed upstream text (several queries pasted together, a trailing comma, a # comment); Microsoft's parser rejects it too \u2014 see test/kql/syntax/corpus-data.ts (after the unknown table its columns have no type, and arithmetic on them types as Kusto types `dynamic + 5d` (a timespan), so a comparison further down adds KQL404)",
  },
};
