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

    /// Virtual pages an environment can bind: one window per process.
    public var virtualPages: Int { maxProcesses * pagesPerProcess }
}
