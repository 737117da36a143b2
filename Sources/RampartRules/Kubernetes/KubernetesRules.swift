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
        // Container hardening
        ReadOnlyRootFilesystem.self,
        LowUserID.self,
        RootGroup.self,
        ShareProcessNamespace.self,
        SysAdminCapability.self,
        ContainerRuntimeSocket.self,
        // Images
        ImageMutableTag.self,
        ImageNotPinned.self,
        ImageRegistryNotAllowed.self,
        // Secrets, service accounts, namespaces
        SecretInEnvLiteral.self,
        SecretInConfigMap.self,
        SecretLiteralInManifest.self,
        SecretInEnvReference.self,
        AutomountServiceAccountToken.self,
        DefaultServiceAccountAutomount.self,
        DefaultServiceAccount.self,
        DefaultNamespace.self,
        // Operations
        MemoryLimitMissing.self,
        MemoryRequestMissing.self,
        CPURequestMissing.self,
        CPULimitMissing.self,
        LivenessProbeMissing.self,
        ReadinessProbeMissing.self,
    ]
}
