/**
 * DeviceInfo: the periodic inventory report of each device (Defender sends one every few hours and
 * whenever something changes). The identity fields match every event row of the device.
 */
import type { Device, Org } from './fleet.js';
import { guidFrom } from './ids.js';
import type { Row } from './rows.js';

/** Version of the Defender for Endpoint sensor the fleet runs. */
export const SENSOR_VERSION = '10.8560.22621.1016';

export function deviceInfoRow(org: Org, device: Device, at: bigint): Row {
  const server = device.role === 'server';
  const user = device.users[0]!;
  return {
    Timestamp: at,
    DeviceId: device.id,
    DeviceName: device.name,
    ClientVersion: SENSOR_VERSION,
    PublicIP: device.publicIp,
    OSArchitecture: '64-bit',
    OSPlatform: device.os.platform,
    OSBuild: device.os.build,
    IsAzureADJoined: !server,
    JoinType: server ? 'Domain Joined' : 'Hybrid Azure AD Join',
    AadDeviceId: device.aadDeviceId,
    LoggedOnUsers: [{ UserName: user.name, DomainName: org.netbios, Sid: user.sid }],
    RegistryDeviceTag: device.tags[0] ?? '',
    OSVersion: device.os.version,
    ReportId: 0,
    OnboardingStatus: 'Onboarded',
    AdditionalFields: { AssetGroup: device.tags[1] ?? '', Domain: org.dnsDomain },
    DeviceCategory: 'Endpoint',
    DeviceType: server ? 'Server' : 'Workstation',
    DeviceSubtype: server ? 'VirtualMachine' : device.model.startsWith('OptiPlex') ? 'Desktop' : 'Laptop',
    Model: device.model,
    Vendor: device.vendor,
    OSDistribution: device.os.distribution,
    OSVersionInfo: device.os.versionInfo,
    MergedDeviceIds: '',
    MergedToDeviceId: '',
    IsInternetFacing: false,
    SensorHealthState: 'Active',
    IsExcluded: false,
    ExclusionReason: '',
    ExposureLevel: server ? 'Medium' : 'Low',
    AssetValue: server ? 'High' : 'Normal',
    DeviceManualTags: JSON.stringify(device.tags.slice(0, 1)),
    DeviceDynamicTags: JSON.stringify(server ? ['Server'] : ['Workstation']),
    ConnectivityType: 'Streamlined',
    HostDeviceId: '',
    // An on-premises fleet: no Azure / AWS / GCP resource behind any device.
    AzureResourceId: '',
    AwsResourceName: '',
    GcpFullResourceName: '',
    // Device group (Defender portal) and the device's object id in Entra ID.
    MachineGroup: server ? 'Servers' : 'Workstations',
    DeviceObjectId: guidFrom(`entra-object:${device.id}`),
  };
}
