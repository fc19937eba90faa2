/**
 * Names that exist only in Microsoft's cloud products. Real hunting queries call them; locally they
 * get a specific diagnostic ("available only in Defender XDR") instead of "unknown name".
 */

const DEFENDER = 'Microsoft Defender XDR advanced hunting';
const SENTINEL = 'Microsoft Sentinel / Log Analytics';
const KUSTO = 'Azure Data Explorer clusters';

const CLOUD_FUNCTIONS: Readonly<Record<string, string>> = {
  FileProfile: DEFENDER,
  SeenBy: DEFENDER,
  DeviceFromIP: DEFENDER,
  AssignedIPAddresses: DEFENDER,
  Malware: DEFENDER,
  ExposureGraphNodes: DEFENDER,
  ExposureGraphEdges: DEFENDER,
  _GetWatchlist: SENTINEL,
  _GetWatchlistAlias: SENTINEL,
  _ASIM_GetSourceBySourceType: SENTINEL,
  ThreatIntelligenceIndicator: SENTINEL,
  ASimDnsActivityLogs: SENTINEL,
  workspace: SENTINEL,
  app: SENTINEL,
  resource: SENTINEL,
  ipv4_lookup_remote: KUSTO,
};

/** Tables of Defender XDR / Sentinel whose schemas are not bundled with kqlhunt. */
const CLOUD_TABLES: Readonly<Record<string, string>> = {
  DeviceTvmSoftwareInventory: DEFENDER,
  DeviceTvmSoftwareVulnerabilities: DEFENDER,
  DeviceTvmSoftwareVulnerabilitiesKB: DEFENDER,
  DeviceTvmSecureConfigurationAssessment: DEFENDER,
  DeviceTvmSecureConfigurationAssessmentKB: DEFENDER,
  DeviceTvmSoftwareEvidenceBeta: DEFENDER,
  DeviceTvmInfoGathering: DEFENDER,
  DeviceTvmInfoGatheringKB: DEFENDER,
  DeviceTvmCertificateInfo: DEFENDER,
  DeviceTvmBrowserExtensions: DEFENDER,
  DeviceTvmHardwareFirmware: DEFENDER,
  DeviceBaselineComplianceAssessment: DEFENDER,
  DeviceBaselineComplianceProfiles: DEFENDER,
  DeviceBaselineComplianceAssessmentKB: DEFENDER,
  IdentityDirectoryEvents: DEFENDER,
  BehaviorEntities: DEFENDER,
  BehaviorInfo: DEFENDER,
  UrlClickEvents: DEFENDER,
  EmailPostDeliveryEvents: DEFENDER,
  AADSignInEventsBeta: DEFENDER,
  AADSpnSignInEventsBeta: DEFENDER,
  CloudAuditEvents: DEFENDER,
  ThreatIntelligenceIndicator: SENTINEL,
  SecurityAlert: SENTINEL,
  SecurityIncident: SENTINEL,
  Heartbeat: SENTINEL,
  Event: SENTINEL,
  W3CIISLog: SENTINEL,
  DnsEvents: SENTINEL,
  VMConnection: SENTINEL,
  AzureDiagnostics: SENTINEL,
  Watchlist: SENTINEL,
  BehaviorAnalytics: SENTINEL,
  WindowsEvent: SENTINEL,
  OfficeActivity_CL: SENTINEL,
};

export function cloudOnlyFunction(name: string): string | undefined {
  return Object.hasOwn(CLOUD_FUNCTIONS, name) ? CLOUD_FUNCTIONS[name] : undefined;
}

export function cloudOnlyTable(name: string): string | undefined {
  if (Object.hasOwn(CLOUD_TABLES, name)) return CLOUD_TABLES[name];
  if (/_CL$/.test(name)) return `${SENTINEL} (custom log table)`;
  return undefined;
}
