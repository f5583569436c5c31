import ExoCore

/// The static description of a system: what a spec elaborates into and what
/// the `World` model is built from. Nothing here changes during a run.
public struct SystemSpec: Equatable, Sendable {
    public var name: String
    public var summary: String
    public var expect: Expectation
    public var machine: MachineConfig
    public var hypervisor: HypervisorConfig
    /// Index = domain id.
    public var domains: [DomainSpec]
    /// Actors in declaration order; faults are actors with the kernel principal.
    public var actors: [ActorSpec]
    /// Named packet filters (their source text in the exokernel's filter syntax).
    public var filters: [FilterSpec]
    /// Named packets the NIC can deliver (`deliver any packet`).
    public var packets: [PacketSpec]
    /// The invariants to check; nil means every invariant that applies.
    public var invariants: [String]?
    /// Mutants switched on (kebab-case names from `exocheck list mutants`).
    public var mutants: [String]
    public var explore: ExploreSettings

    public init(name: String, summary: String = "", expect: Expectation = .holds,
                machine: MachineConfig = MachineConfig(), hypervisor: HypervisorConfig = HypervisorConfig(),
                domains: [DomainSpec] = [], actors: [ActorSpec] = [], filters: [FilterSpec] = [], packets: [PacketSpec] = [],
                invariants: [String]? = nil, mutants: [String] = [], explore: ExploreSettings = ExploreSettings()) {
        self.name = name
        self.summary = summary
        self.expect = expect
        self.machine = machine
        self.hypervisor = hypervisor
        self.domains = domains
        self.actors = actors
        self.filters = filters
        self.packets = packets
        self.invariants = invariants
        self.mutants = mutants
        self.explore = explore
    }
}

/// What the spec's author expects the checker to find.
public enum Expectation: Equatable, Sendable, CustomStringConvertible {
    case holds
    case violation(String)

    public var description: String {
        switch self {
        case .holds: return "holds"
        case .violation(let inv): return "violation \(inv)"
        }
    }
}

public struct MachineConfig: Equatable, Sendable {
    public var frames: Int = 4
    public var cpus: Int = 1
    /// Hardware TLB entries per CPU.
    public var tlbEntries: Int = 4
    public init(frames: Int = 4, cpus: Int = 1, tlbEntries: Int = 4) {
        self.frames = frames
        self.cpus = cpus
        self.tlbEntries = tlbEntries
    }
}

public struct HypervisorConfig: Equatable, Sendable {
    /// Grant-table entries per domain.
    public var grantEntries: Int = 2
    /// Maptrack slots per domain.
    public var maptrackSlots: Int = 2
    /// Event-channel ports per domain.
    public var ports: Int = 4
    public init(grantEntries: Int = 2, maptrackSlots: Int = 2, ports: Int = 4) {
        self.grantEntries = grantEntries
        self.maptrackSlots = maptrackSlots
        self.ports = ports
    }
}

public struct DomainSpec: Equatable, Sendable {
    public var name: String
    public var kind: DomainKind
    /// Frames populated at creation (taken from the machine in domain order).
    public var initialFrames: Int
    public init(name: String, kind: DomainKind = .guest, initialFrames: Int = 0) {
        self.name = name
        self.kind = kind
        self.initialFrames = initialFrames
    }
}

public enum DomainKind: Equatable, Sendable {
    /// A plain paravirtualised guest.
    case guest
    /// A MirageOS-style unikernel image.
    case unikernel(UnikernelSpec)
    /// An exokernel running library-OS environments.
    case exokernel(ExokernelSpec)
}

public struct UnikernelSpec: Equatable, Sendable {
    /// The application module; the image holds only what it reaches.
    public var app: String
    /// Extra module dependency edges "a -> b" beyond the built-in library.
    public var modules: [String]
    public init(app: String, modules: [String] = []) { self.app = app; self.modules = modules }
}

public struct ExokernelSpec: Equatable, Sendable {
    public var envs: [String]
    /// Software TLB entries per environment.
    public var stlbEntries: Int = 8
    /// Frames per environment that are never repossessed.
    public var guaranteed: Int = 0
    /// Ticks between a revocation request and its abort.
    public var revocationDeadline: UInt64 = 2
    /// Ticks in a CPU quantum (0: no time slicing in this system).
    public var quantum: UInt64 = 0
    /// Containers (process groups) per environment.
    public var containers: Int = 2
    /// Processes created at boot.
    public var processes: [ProcessSpec] = []
    public init(envs: [String], stlbEntries: Int = 8, guaranteed: Int = 0, revocationDeadline: UInt64 = 2,
                quantum: UInt64 = 0, containers: Int = 2, processes: [ProcessSpec] = []) {
        self.envs = envs
        self.stlbEntries = stlbEntries
        self.guaranteed = guaranteed
        self.revocationDeadline = revocationDeadline
        self.quantum = quantum
        self.containers = containers
        self.processes = processes
    }
}

public struct ProcessSpec: Equatable, Sendable {
    public var name: String
    /// Index into the exokernel's `envs`.
    public var env: Int
    /// Container (process group) number within the environment.
    public var container: Int
    public init(name: String, env: Int, container: Int) { self.name = name; self.env = env; self.container = container }
}

public struct PacketSpec: Equatable, Sendable {
    public var name: String
    public var bytes: [UInt8]
    public init(name: String, bytes: [UInt8]) { self.name = name; self.bytes = bytes }
}

public struct FilterSpec: Equatable, Sendable {
    public var name: String
    public var source: String
    public init(name: String, source: String) { self.name = name; self.source = source }
}

/// Who an actor acts as. Every call it makes goes through the choke point as
/// this principal: it cannot name another caller.
public enum Principal: Equatable, Sendable {
    case domain(Int32)
    case env(domain: Int32, env: Int32)
    /// The hypervisor or exokernel itself (faults).
    case kernel
}

public struct ActorSpec: Equatable, Sendable {
    public var name: String
    public var principal: Principal
    public var program: Program
    /// Actors declared together by `actor each ...` share a group number:
    /// identical up to renaming, the hint symmetry reduction uses.
    public var symmetryGroup: Int?
    /// Declared with `daemon`: a server that may wait for ever, so a state
    /// where it cannot move is a valid end for it (no-deadlock).
    public var isDaemon: Bool
    public init(name: String, principal: Principal, program: Program, symmetryGroup: Int? = nil, isDaemon: Bool = false) {
        self.name = name
        self.principal = principal
        self.program = program
        self.symmetryGroup = symmetryGroup
        self.isDaemon = isDaemon
    }
}

public struct ExploreSettings: Equatable, Sendable {
    public var strategy: String?
    public var maxDepth: Int?
    public var maxStates: Int?
    public init(strategy: String? = nil, maxDepth: Int? = nil, maxStates: Int? = nil) {
        self.strategy = strategy
        self.maxDepth = maxDepth
        self.maxStates = maxStates
    }
}
