import RampartCore
import RampartManifests

// Profiling endpoints of the control-plane components (CIS Kubernetes Benchmark v1.9.0 §1.2.15, §1.3.2, §1.4.1).

/// Profiling is on by default in each component and serves /debug/pprof: stack traces, heap contents
/// and a way to slow the component down, to any caller allowed the path.
protocol ProfilingRule: ComponentRule {}

extension ProfilingRule {
    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.boolean("profiling", default: true, bad: true, context)
    }
}

private let profilingRationale = "Profiling (on by default) serves /debug/pprof: goroutine stacks, heap profiles and CPU profiling on demand, which reveal internals and cost the component CPU. It is needed only while diagnosing a performance problem."

struct APIServerProfiling: ProfilingRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    static let description = RuleDescription(
        id: "k8s/apiserver-profiling", title: "API server profiling enabled", severity: .low,
        rationale: profilingRationale, remediation: "Set --profiling=false on kube-apiserver.",
        references: [.cisKubernetes("1.2.15"), .nsaKubernetes("Network separation and hardening: Control plane hardening")],
        triggering: [ControlPlaneExample.pod(.apiServer, ["--anonymous-auth=false"], markCommand: true), ControlPlaneExample.pod(.apiServer, ["↓--profiling"])],
        nonTriggering: [ControlPlaneExample.pod(.apiServer, ["--profiling=false"])])
}

struct ControllerManagerProfiling: ProfilingRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.controllerManager]
    static let description = RuleDescription(
        id: "k8s/controller-manager-profiling", title: "Controller manager profiling enabled", severity: .low,
        rationale: profilingRationale, remediation: "Set --profiling=false on kube-controller-manager.",
        references: [.cisKubernetes("1.3.2"), .nsaKubernetes("Network separation and hardening: Control plane hardening")],
        triggering: [ControlPlaneExample.pod(.controllerManager, ["↓--profiling=true"])],
        nonTriggering: [ControlPlaneExample.pod(.controllerManager, ["--profiling=false"])])
}

struct SchedulerProfiling: ProfilingRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.scheduler]
    static let description = RuleDescription(
        id: "k8s/scheduler-profiling", title: "Scheduler profiling enabled", severity: .low,
        rationale: profilingRationale, remediation: "Set --profiling=false on kube-scheduler (or enableProfiling: false in its KubeSchedulerConfiguration).",
        references: [.cisKubernetes("1.4.1"), .nsaKubernetes("Network separation and hardening: Control plane hardening")],
        triggering: [ControlPlaneExample.pod(.scheduler, ["--bind-address=127.0.0.1"], markCommand: true)],
        nonTriggering: [ControlPlaneExample.pod(.scheduler, ["--bind-address=127.0.0.1", "--profiling=false"])])
}
