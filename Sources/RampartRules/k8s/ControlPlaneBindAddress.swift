import RampartCore
import RampartManifests

// Where the controller manager and scheduler listen (CIS Kubernetes Benchmark v1.9.0 §1.3.7, §1.4.2).

/// Both serve health, metrics and (unless disabled) profiling on a secure port bound to 0.0.0.0 by
/// default; only the local node needs them.
protocol BindAddressRule: ComponentRule {}

extension BindAddressRule {
    static var loopback: Set<String> { ["127.0.0.1", "::1", "localhost"] }

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        guard let flag = component.flag("bind-address") else {
            return [context.finding(at: component.anchor, in: component.object,
                                    "\(component.messageName) leaves --bind-address unset, which listens on every interface (0.0.0.0); expected --bind-address=127.0.0.1.")]
        }
        guard let value = flag.value, !Self.loopback.contains(value.trimmingWhitespace) else { return [] }
        return [context.finding(at: flag.field, in: component.object, "\(component.messageName) listens on \(value) (\(flag.written)); expected --bind-address=127.0.0.1.")]
    }
}

struct ControllerManagerBindAddress: BindAddressRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.controllerManager]
    static let description = RuleDescription(
        id: "k8s/controller-manager-bind-address", title: "Controller manager listens beyond localhost", severity: .medium,
        rationale: "The controller manager's port (10257) serves health, metrics and debug endpoints; bound to every interface (the default) it is reachable from pods and other nodes.",
        remediation: "Set --bind-address=127.0.0.1 (kubeadm does).",
        references: [.cisKubernetes("1.3.7"), .nsaKubernetes("Network separation and hardening: Control plane hardening")],
        triggering: [ControlPlaneExample.pod(.controllerManager, ["↓--bind-address=0.0.0.0"]), ControlPlaneExample.pod(.controllerManager, ["--profiling=false"], markCommand: true)],
        nonTriggering: [ControlPlaneExample.pod(.controllerManager, ["--bind-address=127.0.0.1"])])
}

struct SchedulerBindAddress: BindAddressRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.scheduler]
    static let description = RuleDescription(
        id: "k8s/scheduler-bind-address", title: "Scheduler listens beyond localhost", severity: .medium,
        rationale: "The scheduler's port (10259) serves health, metrics and debug endpoints; bound to every interface (the default) it is reachable from pods and other nodes.",
        remediation: "Set --bind-address=127.0.0.1 (kubeadm does).",
        references: [.cisKubernetes("1.4.2"), .nsaKubernetes("Network separation and hardening: Control plane hardening")],
        triggering: [ControlPlaneExample.pod(.scheduler, ["--profiling=false", "↓--bind-address", "10.0.0.5"])],
        nonTriggering: [ControlPlaneExample.pod(.scheduler, ["--bind-address=127.0.0.1"])])
}
