/// The Kubernetes rules, in catalog order.
public enum KubernetesRules {
    public static let all: [any Rule.Type] = [
        // Pod Security Standards: Baseline
        PrivilegedContainer.self,
        HostProcess.self,
        HostNetwork.self,
        HostPID.self,
        HostIPC.self,
        CapabilitiesAdded.self,
        HostPathVolume.self,
        HostPort.self,
        AppArmorUnconfined.self,
        SELinuxType.self,
        SELinuxUserRole.self,
        ProcMountUnmasked.self,
        SeccompUnconfined.self,
        UnsafeSysctls.self,
        // Pod Security Standards: Restricted
        RestrictedVolumeTypes.self,
        AllowPrivilegeEscalation.self,
        RunAsNonRoot.self,
        RunAsRootUser.self,
        SeccompProfileMissing.self,
        CapabilitiesNotDropped.self,
        CapabilitiesAddedRestricted.self,
    ]
}
