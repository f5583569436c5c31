import ExoCore

/// Every size and time bound of the exokernel and its library OS. All tables
/// in the state are allocated to these sizes, so the state space is finite.
public struct ExoConfig: Equatable, Codable, Sendable {
    /// Environment slots.
    public var maxEnvs: Int = 3
    /// Capability slots per environment (XOK's key ring has 19).
    public var capSlots: Int = 19
    /// Capabilities that may exist at once in the kernel's capability table.
    public var maxCapabilities: Int = 24
    /// Longest capability name, in bytes.
    public var maxNameLength: Int = 4
    /// How many of the given frames the kernel keeps for itself (the first ones).
    public var kernelFrames: Int = 0
    /// Secure bindings per environment.
    public var maxBindings: Int = 8
    /// Software-TLB entries per environment.
    public var stlbEntries: Int = 4
    /// Hardware-TLB entries per CPU.
    public var tlbEntries: Int = 2
    /// CPUs.
    public var cpus: Int = 1
    /// Entries in the time-slice vector.
    public var slices: Int = 4
    /// Length of a quantum, in ticks.
    public var quantum: Tick = 10
    /// Ticks an environment has to yield after its end-of-quantum upcall.
    public var grace: Tick = 2
    /// Penalties an environment survives; one more and it is killed.
    public var killAfter: Int = 2
    /// Ticks between a revocation request and its abort deadline.
    public var revocationDeadline: Tick = 2
    /// Revocation records (pending or just resolved) per environment.
    public var maxRevocations: Int = 4
    /// Size of each environment's guaranteed (never repossessed) frame set.
    public var guaranteedFrames: Int = 1
    /// Library-OS processes per environment.
    public var maxProcesses: Int = 3
    /// Virtual pages per process.
    public var pagesPerProcess: Int = 2
    /// Containers (process groups) per environment.
    public var maxContainers: Int = 2
    /// IPC receive-ring slots per process.
    public var ringSize: Int = 2
    /// Longest downloaded program, in instructions; also its fuel.
    public var maxFilterLength: Int = 16
    /// Largest packet the NIC delivers; loads must stay below it.
    public var maxPacketLength: Int = 64
    /// Bytes of handler memory each environment owns for its downloaded code.
    public var handlerMemory: Int = 8
    /// Received packets queued per environment.
    public var rxQueue: Int = 2

    public init() {}

    /// What is wrong with this configuration, one line each; empty when it
    /// is usable. `Exokernel.init` requires an empty list, so a spec
    /// elaborator should report these first.
    public var problems: [String] {
        var out: [String] = []
        func atLeast(_ v: Int, _ min: Int, _ name: String) { if v < min { out.append("\(name) must be at least \(min), not \(v)") } }
        atLeast(maxEnvs, 1, "maxEnvs"); atLeast(capSlots, 1, "capSlots"); atLeast(maxCapabilities, 1, "maxCapabilities")
        atLeast(maxNameLength, 1, "maxNameLength"); atLeast(kernelFrames, 0, "kernelFrames"); atLeast(maxBindings, 0, "maxBindings")
        atLeast(stlbEntries, 0, "stlbEntries"); atLeast(tlbEntries, 0, "tlbEntries"); atLeast(cpus, 0, "cpus")
        atLeast(slices, 0, "slices"); atLeast(killAfter, 0, "killAfter"); atLeast(maxRevocations, 0, "maxRevocations")
        atLeast(guaranteedFrames, 0, "guaranteedFrames"); atLeast(maxProcesses, 1, "maxProcesses")
        atLeast(pagesPerProcess, 1, "pagesPerProcess"); atLeast(maxContainers, 1, "maxContainers"); atLeast(ringSize, 1, "ringSize")
        atLeast(maxFilterLength, 1, "maxFilterLength"); atLeast(maxPacketLength, 0, "maxPacketLength")
        atLeast(handlerMemory, 0, "handlerMemory"); atLeast(rxQueue, 0, "rxQueue")
        let sizes = [capSlots, maxCapabilities, maxBindings, stlbEntries, tlbEntries, cpus, slices, maxRevocations,
                     maxProcesses * pagesPerProcess, maxContainers * maxContainers, ringSize, rxQueue]
        if sizes.contains(where: { $0 > 4096 }) { out.append("table sizes must be at most 4096 (the model encodes indices in 16 bits)") }
        if maxEnvs > 255 { out.append("maxEnvs must be at most 255 (root capability names are one byte)") }
        if maxNameLength > CapName.capacity {
            out.append("maxNameLength must be at most \(CapName.capacity) (names are held inline), not \(maxNameLength)")
        }
        return out
    }

    /// Virtual pages an environment can bind: one window per process.
    public var virtualPages: Int { maxProcesses * pagesPerProcess }
}
