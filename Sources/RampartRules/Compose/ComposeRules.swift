/// The Compose rules, in catalog order.
public enum ComposeRules {
    public static let all: [any Rule.Type] = [
        ComposePrivileged.self,
        ComposeHostNetwork.self,
        ComposeHostPID.self,
        ComposeHostIPC.self,
        ComposeHostUserNamespace.self,
        ComposeHostUTS.self,
        ComposeHostCgroup.self,
        ComposeCapAddCritical.self,
        ComposeCapAddDangerous.self,
        ComposeCapDropAllMissing.self,
        ComposeNoNewPrivilegesMissing.self,
        ComposeSeccompUnconfined.self,
        ComposeAppArmorUnconfined.self,
        ComposeSELinuxDisabled.self,
        ComposeUnmaskedSystemPaths.self,
        ComposeDockerSocketMount.self,
        ComposeSensitiveHostMount.self,
        ComposeSharedMountPropagation.self,
        ComposeHostDevice.self,
    ]
}
