import ExoCore

/// The exokernel (Aegis/XOK-style) and the library OS linked into its
/// environments, as one value. It runs as a guest of the hypervisor: its
/// physical memory is the list of machine frames it was given.
///
/// Every operation is a `mutating` method that returns an `ExoStatus`
/// (0 = ok, negative = refused) and is total: any operand values give a
/// status, never a trap. Operations that involve time take `now` and store
/// absolute deadlines; `nextDeadline` and `fireDue(now:)` let the World
/// drive them. Frames are named by machine frame number at the API and by
/// index (position in the construction list) inside.
public struct Exokernel: Equatable, Codable, Sendable, CanonicalEncodable {
    public let config: ExoConfig
    /// Deliberate bugs switched on (configuration, not encoded).
    public var mutants: ExoMutants
    /// The latest `now` any operation was given.
    public internal(set) var clock: Tick = 0
    public internal(set) var frames: [FrameRecord]
    /// Free frame indices, ascending.
    public internal(set) var freeList: [Int] = []
    /// Quarantined frame indices, ascending.
    public internal(set) var quarantine: [Int] = []
    public internal(set) var envs: [Environment]
    /// One hardware TLB per CPU.
    public internal(set) var tlbs: [TranslationCache]
    /// The tables few operations write, in one box.
    private var cold: CowBox<ColdTables>

    /// What only capability, CPU, time and network operations write (none
    /// of them, in many runs), while the kernel is copied before every
    /// operation: as four arrays, each copy retained all four, on counts
    /// every state shares. In one box a copy retains one, and a write
    /// copies the box.
    struct ColdTables: Equatable, Sendable {
        var capabilities: CapabilityTable
        var cpus: [CPUState]
        var slices: [Int]
        var handlerMemory: [UInt8]
    }

    public internal(set) var capabilities: CapabilityTable {
        @inline(__always) _read { yield cold.fields.capabilities }
        @inline(__always) _modify { CowBox.makeUnique(&cold); yield &cold.fields.capabilities }
    }
    public internal(set) var cpus: [CPUState] {
        @inline(__always) _read { yield cold.fields.cpus }
        @inline(__always) _modify { CowBox.makeUnique(&cold); yield &cold.fields.cpus }
    }
    /// The time-slice vector: the environment owning each slice, or -1.
    public internal(set) var slices: [Int] {
        @inline(__always) _read { yield cold.fields.slices }
        @inline(__always) _modify { CowBox.makeUnique(&cold); yield &cold.fields.slices }
    }
    /// Handler memory of all environments, `config.handlerMemory` bytes each.
    public internal(set) var handlerMemory: [UInt8] {
        @inline(__always) _read { yield cold.fields.handlerMemory }
        @inline(__always) _modify { CowBox.makeUnique(&cold); yield &cold.fields.handlerMemory }
    }

    /// The cold tables of the kernel at `k`, where they lie in their box.
    @inline(__always) static func cold(at k: UnsafePointer<Exokernel>) -> UnsafePointer<ColdTables> {
        k.pointee.cold.fieldsAddress
    }

    /// A kernel over `frames` (machine frame numbers, distinct); the first
    /// `config.kernelFrames` of them are reserved for the kernel. The
    /// configuration must have no `problems` (checked by precondition: the
    /// caller validates specs before building).
    public init(frames machine: [UInt32], config: ExoConfig = ExoConfig(), mutants: ExoMutants = []) {
        precondition(config.problems.isEmpty, "invalid ExoConfig: \(config.problems.joined(separator: "; "))")
        precondition(machine.count <= 4096, "at most 4096 frames (the model encodes frame indices in 16 bits)")
        for i in machine.indices {
            precondition(!machine[..<i].contains(machine[i]), "machine frame \(machine[i]) given twice")
        }
        self.config = config
        self.mutants = mutants
        self.frames = machine.enumerated().map { i, m in
            FrameRecord(machine: m, state: i < config.kernelFrames ? .kernel : .free)
        }
        self.freeList = Array(min(config.kernelFrames, machine.count)..<machine.count)
        self.envs = Array(repeating: Environment(config: config, frames: machine.count), count: max(0, config.maxEnvs))
        self.tlbs = Array(repeating: TranslationCache(capacity: config.tlbEntries), count: max(0, config.cpus))
        cold = CowBox(ColdTables(capabilities: CapabilityTable(capacity: config.maxCapabilities),
                                 cpus: Array(repeating: CPUState(), count: max(0, config.cpus)),
                                 slices: Array(repeating: -1, count: max(0, config.slices)),
                                 handlerMemory: Array(repeating: 0, count: max(0, config.maxEnvs * config.handlerMemory))))
    }

    // MARK: Coded form (the keys of the stored properties this struct had
    // before the cold tables moved into their box: traces unchanged)

    /// The fields under the names they had as stored properties.
    private struct Coded: Codable {
        var config: ExoConfig, mutants: ExoMutants, clock: Tick
        var frames: [FrameRecord], freeList: [Int], quarantine: [Int], envs: [Environment]
        var capabilities: CapabilityTable, tlbs: [TranslationCache], cpus: [CPUState], slices: [Int], handlerMemory: [UInt8]
    }

    public init(from decoder: Decoder) throws {
        let c = try Coded(from: decoder)
        config = c.config; mutants = c.mutants; clock = c.clock
        frames = c.frames; freeList = c.freeList; quarantine = c.quarantine; envs = c.envs; tlbs = c.tlbs
        cold = CowBox(ColdTables(capabilities: c.capabilities, cpus: c.cpus, slices: c.slices, handlerMemory: c.handlerMemory))
    }

    public func encode(to encoder: Encoder) throws {
        try Coded(config: config, mutants: mutants, clock: clock, frames: frames, freeList: freeList, quarantine: quarantine,
                  envs: envs, capabilities: capabilities, tlbs: tlbs, cpus: cpus, slices: slices,
                  handlerMemory: handlerMemory).encode(to: encoder)
    }

    // MARK: Comparing in place

    /// The number of stored properties `equal(at:_:)` compares (a test
    /// holds it to the struct's, so that a new one is not left out).
    static var comparedFields: Int { 9 }

    public static func == (a: Exokernel, b: Exokernel) -> Bool {
        withUnsafePointer(to: a) { pa in withUnsafePointer(to: b) { pb in equal(at: pa, pb) } }
    }

    /// `a.pointee == b.pointee`, field by field where the two lie. The
    /// exokernel is large and holds a dozen arrays: handed whole to `==`
    /// from memory a class owns (the World's cell), each side is first
    /// copied, a retain and a release of every array in it.
    public static func equal(at a: UnsafePointer<Exokernel>, _ b: UnsafePointer<Exokernel>) -> Bool {
        if a == b { return true }
        return a.pointee.clock == b.pointee.clock && a.pointee.frames == b.pointee.frames
            && a.pointee.freeList == b.pointee.freeList && a.pointee.quarantine == b.pointee.quarantine
            && a.pointee.envs == b.pointee.envs
            && a.pointee.tlbs == b.pointee.tlbs
            && (cold(at: a) == cold(at: b) || cold(at: a).pointee == cold(at: b).pointee)
            && a.pointee.mutants == b.pointee.mutants && a.pointee.config == b.pointee.config
    }

    // MARK: Canonical encoding

    /// The canonical bytes with every deadline written relative to `now`.
    public func encode(into e: inout CanonicalEncoder, now: Tick) {
        withUnsafePointer(to: self) { Exokernel.encode(at: $0, into: &e, now: now) }
    }

    /// `encode(into:now:)` of the exokernel at `k`, read where it lies (the
    /// World's cell: a method call on it copied it whole first).
    public static func encode(at k: UnsafePointer<Exokernel>, into e: inout CanonicalEncoder, now: Tick) {
        // Every array read in place: see `CanonicalEncoder+InPlace.swift` in ExoCore.
        e.array(at: k.pointer(to: \.frames)!) { FrameRecord.encode(at: $0, into: &$1) }
        e.smallArray(at: k.pointer(to: \.freeList)!); e.smallArray(at: k.pointer(to: \.quarantine)!)
        e.array(at: k.pointer(to: \.envs)!) { env, e in Environment.encode(at: env, into: &e, now: now) }
        let c = cold(at: k)
        CapabilityTable.encode(at: c.pointer(to: \.capabilities)!, into: &e)
        e.array(at: k.pointer(to: \.tlbs)!) { TranslationCache.encode(at: $0, into: &$1) }
        e.array(at: c.pointer(to: \.cpus)!) { cpu, e in cpu.pointee.encode(into: &e, now: now) }
        e.smallArray(at: c.pointer(to: \.slices)!); e.raw(at: c.pointer(to: \.handlerMemory)!)
    }

    /// The canonical bytes relative to the kernel's own clock.
    public func encode(into e: inout CanonicalEncoder) { encode(into: &e, now: clock) }

    // MARK: Shared helpers

    /// Whether `env` names a running environment: the one test code holding
    /// an index asks (the bounds and the status in one place).
    public func envAlive(_ env: Int) -> Bool { env >= 0 && env < envs.count && envs[env].isAlive }

    /// The index of machine frame `machine`, if it is one of ours.
    public func frameIndex(_ machine: UInt32) -> Int? { frames.firstIndex { $0.machine == machine } }

    /// The machine frame number of frame index `index`, nil when out of range.
    public func machineFrame(_ index: Int) -> UInt32? { index >= 0 && index < frames.count ? frames[index].machine : nil }

    mutating func advance(_ now: Tick) { if now > clock { clock = now } }

    /// Drops revocation records that were resolved and disarmed by an earlier
    /// operation (the checker has seen them in the state that followed).
    /// Writes only an environment that has such a record: a write, even one
    /// that removes nothing, gives the kernel and the environment storage
    /// of their own, which costs a copy and makes a step that changed
    /// nothing look like one that did (see `World.sharesStorage`).
    mutating func pruneRevocations() {
        for i in envs.indices where envs[i].revocations.contains(where: Self.isStale) {
            envs[i].revocations.removeAll(where: Self.isStale)
        }
    }

    /// A revocation record resolved and disarmed (pruned at the next operation).
    @inline(__always) static func isStale(_ r: RevocationRecord) -> Bool { !r.isPending && !r.armed }

    /// Every operation starts here: time moves forward, stale history goes.
    /// Returns the time the operation happens at: `now`, or the kernel's
    /// clock if a caller passes a time already in the past (time never runs
    /// backwards inside the kernel).
    @discardableResult
    mutating func begin(_ now: Tick) -> Tick {
        advance(now)
        pruneRevocations()
        return clock
    }

    static func insertSorted(_ v: Int, into a: inout [Int]) {
        guard !a.contains(v) else { return }
        let i = a.firstIndex { $0 > v } ?? a.count
        a.insert(v, at: i)
    }

    static func remove(_ v: Int, from a: inout [Int]) { a.removeAll { $0 == v } }

    /// The environment virtual page behind page `page` of process `pid`
    /// (each process has a window of `config.pagesPerProcess` pages).
    public func vpage(pid: Int, page: Int) -> Int { pid * config.pagesPerProcess + page }
}
