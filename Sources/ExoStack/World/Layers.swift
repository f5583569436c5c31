import ExoCore
import ExoKernel
import ExoXen

/// The composed layers: one Xen-style hypervisor; on it plain guests,
/// MirageOS-style unikernels and (at most) one exokernel domain running
/// library-OS environments; and the vchans between domains.
///
/// `perform` is the one choke point: every operation any actor issues passes
/// through it, so the trace recorder sees every hypercall and kernel entry.
public struct Layers: Equatable, Codable {
    public var hv: Hypervisor
    /// The unikernels, the exokernel and the vchans, in one copy-on-write
    /// cell; nil while the system has none of them (see `ColdCell`).
    private var cold: ColdCell?

    // Configuration: constant for a run, not part of the fingerprint. No
    // arrays here: every World copy would retain them, and worker threads
    // contending on one shared reference count is what stops BFS scaling.
    // Packets and filters live in `LayerStatics`, held by the model. Kept
    // narrow, so that a `World` stays small (80 bytes, `ColdCellTests`):
    // each successor is moved several times on its way to the frontier.
    public let exoDomain: DomID?
    private let packetCountValue: UInt16
    public let worldMutants: WorldMutants
    private let domainCountValue: UInt8

    /// How many packets the NIC can deliver.
    public var packetCount: Int { Int(packetCountValue) }
    /// How many domains the system declares (what `unikernels` is indexed by).
    public var domainCount: Int { Int(domainCountValue) }

    private enum CodingKeys: String, CodingKey {
        case hv, unikernels, exo, vchans, exoDomain, packetCount, worldMutants, domainCount
    }

    /// Index = domain id; set for unikernel domains. Empty when no domain
    /// is a unikernel (an array of nils would be one buffer shared, and
    /// reference-counted, by every state of a run).
    public var unikernels: [Unikernel?] {
        get { cold?.unikernels ?? [] }
        _modify {
            makeColdUnique()
            yield &cold.unsafelyUnwrapped.unikernels
        }
    }

    /// The vchans made so far, in order of creation.
    public var vchans: [Vchan] {
        get { cold?.vchans ?? [] }
        _modify {
            makeColdUnique()
            yield &cold.unsafelyUnwrapped.vchans
        }
    }

    /// The exokernel in place, borrowed or (after copying a cell another
    /// state shares) mutated. Only when `exoDomain` is set.
    var exokernel: Exokernel {
        _read {
            precondition(cold?.hasExokernel == true, "no exokernel in this system")
            yield cold.unsafelyUnwrapped.exokernel
        }
        _modify {
            precondition(cold?.hasExokernel == true, "no exokernel in this system")
            makeColdUnique()
            yield &cold.unsafelyUnwrapped.exokernel
        }
    }

    /// Calls `body` with the exokernel where it lies in the cell, for
    /// reading its fields without copying the whole struct (a copy retains
    /// each of its arrays and boxes, on counts that every state sharing
    /// them shares; with two threads those counts move between the cores).
    /// A method called on `pointee` that the compiler does not inline
    /// still copies the whole struct first (the listing, asking
    /// `ownedFrames` and the like this way, copied more than before): read
    /// fields, or pass the pointer on. Only when `exoDomain` is set; `body`
    /// must not keep the pointer.
    @inline(__always) func withExokernel<T>(_ body: (UnsafePointer<Exokernel>) -> T) -> T {
        precondition(cold?.hasExokernel == true, "no exokernel in this system")
        let cell = cold.unsafelyUnwrapped
        return withExtendedLifetime(cell) { body(cell.exokernelAddress) }
    }

    /// Runs `body` on unikernel `u` (which must exist) and the hypervisor,
    /// both in place: the guest grant library writes both at once.
    mutating func withUnikernel<T>(_ u: Int, _ body: (inout Unikernel, inout Hypervisor) -> T) -> T {
        makeColdUnique()
        let cell = cold.unsafelyUnwrapped
        precondition(cell.unikernels[u] != nil, "domain \(u) runs no unikernel")
        return body(&cell.unikernels[u]!, &hv)
    }

    /// Runs `body` on vchan `i` and the hypervisor, both in place.
    mutating func withVchan<T>(_ i: Int, _ body: (inout Vchan, inout Hypervisor) -> T) -> T {
        makeColdUnique()
        let cell = cold.unsafelyUnwrapped
        return body(&cell.vchans[i], &hv)
    }

    /// Gives this value a cell of its own before a write: a new empty one
    /// when it has none, a copy when another state shares it.
    @inline(__always) private mutating func makeColdUnique() {
        if cold == nil {
            cold = ColdCell(unikernels: [], exokernel: nil, vchans: [])
        } else if !isKnownUniquelyReferenced(&cold) {
            cold = cold.unsafelyUnwrapped.copy()
        }
    }

    /// Whether `other`, made from these layers by operations, still holds
    /// their very buffers (then it is equal; false says nothing). The
    /// configuration constants are not compared: operations cannot change them.
    @inline(__always) func sharesStorage(with other: Layers) -> Bool {
        hv.sharesStorage(with: other.hv) && cold === other.cold
    }

    public static func == (a: Layers, b: Layers) -> Bool {
        a.hv == b.hv && ColdCell.equal(a.cold, b.cold) && a.exoDomain == b.exoDomain
            && a.packetCountValue == b.packetCountValue && a.worldMutants == b.worldMutants
            && a.domainCountValue == b.domainCountValue
    }

    // The coded form keeps the fields the layers had before the cell:
    // "unikernels", "exo" (only with an exokernel) and "vchans".
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hv = try c.decode(Hypervisor.self, forKey: .hv)
        let uk = try c.decode([Unikernel?].self, forKey: .unikernels)
        let exo = try c.decodeIfPresent(Exokernel.self, forKey: .exo)
        let vc = try c.decode([Vchan].self, forKey: .vchans)
        cold = uk.isEmpty && exo == nil && vc.isEmpty ? nil : ColdCell(unikernels: uk, exokernel: exo, vchans: vc)
        exoDomain = try c.decodeIfPresent(DomID.self, forKey: .exoDomain)
        packetCountValue = try c.decode(UInt16.self, forKey: .packetCount)
        worldMutants = try c.decode(WorldMutants.self, forKey: .worldMutants)
        domainCountValue = try c.decode(UInt8.self, forKey: .domainCount)
        if (exoDomain != nil) != (cold?.hasExokernel == true) {
            throw DecodingError.dataCorruptedError(forKey: .exo, in: c,
                                                   debugDescription: "an exokernel exactly when a domain runs one")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hv, forKey: .hv)
        try c.encode(unikernels, forKey: .unikernels)
        if let cold, cold.hasExokernel { try c.encode(cold.exokernel, forKey: .exo) }
        try c.encode(vchans, forKey: .vchans)
        try c.encodeIfPresent(exoDomain, forKey: .exoDomain)
        try c.encode(packetCountValue, forKey: .packetCount)
        try c.encode(worldMutants, forKey: .worldMutants)
        try c.encode(domainCountValue, forKey: .domainCount)
    }

    public init(system: SystemSpec) throws {
        let (xm, em, wm) = try Layers.mutants(named: system.mutants)
        worldMutants = wm
        let exoIndices = system.domains.indices.filter {
            if case .exokernel = system.domains[$0].kind { return true }
            return false
        }
        guard exoIndices.count <= 1 else {
            throw SystemModel.ConfigError.invalid("at most one domain may run an exokernel (found \(exoIndices.count))")
        }
        guard !system.domains.isEmpty else { throw SystemModel.ConfigError.invalid("the system has no domain") }
        let totalInitial = system.domains.reduce(0) { $0 + $1.initialFrames }
        guard totalInitial <= system.machine.frames else {
            throw SystemModel.ConfigError.invalid("domains start with \(totalInitial) frames but the machine has \(system.machine.frames)")
        }
        let config = XenConfig(frames: system.machine.frames, maxDomains: system.domains.count,
                               grantEntriesPerFrame: system.hypervisor.grantEntries, maxGrantFrames: 1,
                               initialGrantFrames: 1, maptrackSlots: system.hypervisor.maptrackSlots,
                               portsPerDomain: system.hypervisor.ports, virtualPages: 16)
        if let problem = config.problem() { throw SystemModel.ConfigError.invalid("hypervisor: \(problem)") }
        var hv = Hypervisor(config: config, mutants: xm)
        var unikernels = [Unikernel?](repeating: nil, count: system.domains.count)
        var exo: Exokernel?
        for (i, d) in system.domains.enumerated() {
            let id = DomID(i)
            guard hv.createDomain(id, maxPages: UInt32(system.machine.frames)) == .okay, hv.unpause(id) == .okay else {
                throw SystemModel.ConfigError.invalid("domain \(d.name) could not be created")
            }
            switch d.kind {
            case .guest:
                for _ in 0..<d.initialFrames {
                    guard hv.populateAny(id).status == .okay else {
                        throw SystemModel.ConfigError.invalid("domain \(d.name): the machine ran out of frames")
                    }
                }
            case .unikernel(let u):
                guard let (graph, app) = UnikernelLibrary.graph(app: u.app, uses: u.modules) else {
                    throw SystemModel.ConfigError.invalid("unikernel \(d.name): unknown module in \(u.modules); the library has \(UnikernelLibrary.names.joined(separator: ", "))")
                }
                let image: UnikernelImage
                switch UnikernelImage.build(application: app, graph: graph) {
                case .success(let im): image = im
                case .failure(let e): throw SystemModel.ConfigError.invalid("unikernel \(d.name): \(e)")
                }
                let layout = BootLayout(minorHeapPages: 1, majorHeapPages: UInt32(max(1, d.initialFrames)), ioPages: 2)
                let (s, uk) = Unikernel.boot(&hv, dom: id, image: image, layout: layout,
                                             grantRefs: system.hypervisor.grantEntries, mutants: xm)
                guard s == .okay, let uk else {
                    throw SystemModel.ConfigError.invalid("unikernel \(d.name) could not boot: \(s) (not enough frames?)")
                }
                unikernels[i] = uk
            case .exokernel(let x):
                var frames: [UInt32] = []
                for _ in 0..<d.initialFrames {
                    let (s, f) = hv.populateAny(id)
                    guard s == .okay, let f else {
                        throw SystemModel.ConfigError.invalid("exokernel \(d.name): the machine ran out of frames")
                    }
                    frames.append(f)
                }
                guard !x.envs.isEmpty else {
                    throw SystemModel.ConfigError.invalid("exokernel domain \(d.name) has no env (declare one with 'env NAME on \(d.name)')")
                }
                var c = ExoConfig()
                c.maxEnvs = x.envs.count
                c.stlbEntries = x.stlbEntries
                c.tlbEntries = system.machine.tlbEntries
                c.cpus = system.machine.cpus
                c.guaranteedFrames = x.guaranteed
                c.revocationDeadline = x.revocationDeadline
                c.maxContainers = x.containers
                if x.quantum > 0 { c.quantum = x.quantum } else { c.slices = 0 }
                let problems = c.problems
                guard problems.isEmpty else {
                    throw SystemModel.ConfigError.invalid("exokernel \(d.name): \(problems.joined(separator: "; "))")
                }
                var k = Exokernel(frames: frames, config: c, mutants: em)
                for name in x.envs {
                    guard k.createEnv().status == .ok else {
                        throw SystemModel.ConfigError.invalid("exokernel \(d.name): environment \(name) could not be created")
                    }
                }
                for p in x.processes {
                    guard k.spawn(p.env, container: p.container).status == .ok else {
                        throw SystemModel.ConfigError.invalid("exokernel \(d.name): process \(p.name) could not be spawned")
                    }
                }
                exo = k
            }
        }
        self.hv = hv
        let anyUnikernel = unikernels.contains { $0 != nil }
        self.cold = anyUnikernel || exo != nil
            ? ColdCell(unikernels: anyUnikernel ? unikernels : [], exokernel: exo, vchans: []) : nil
        precondition((cold?.hasExokernel == true) == (exoIndices.first != nil), "an exokernel exactly when a domain runs one")
        guard let packets = UInt16(exactly: system.packets.count) else {
            throw SystemModel.ConfigError.invalid("at most \(UInt16.max) packets (found \(system.packets.count))")
        }
        self.domainCountValue = UInt8(system.domains.count)  // at most 64: the hypervisor checked
        self.exoDomain = exoIndices.first.map { DomID($0) }
        self.packetCountValue = packets
    }

    /// Splits mutant names across the layers' catalogues.
    static func mutants(named names: [String]) throws -> (XenMutants, ExoMutants, WorldMutants) {
        var x: XenMutants = [], e: ExoMutants = [], w: WorldMutants = []
        for n in names {
            if let m = XenMutants(name: n) { x.insert(m) } else if let m = ExoMutants(name: n) { e.insert(m) } else if let m = WorldMutants(name: n) { w.insert(m) } else {
                throw SystemModel.ConfigError.invalid("unknown mutant '\(n)' (see `exocheck list mutants`)")
            }
        }
        return (x, e, w)
    }

    /// The fingerprint encoding: every layer's state, deadlines relative to `now`.
    public func encode(into e: inout CanonicalEncoder, now: Tick) {
        hv.encode(into: &e)
        guard let cell = cold else {
            // No unikernel, no exokernel, no vchan: the bytes those write
            // when absent.
            for _ in 0..<domainCount { e.u8(0) }
            e.u8(0)
            e.count(0)
            return
        }
        if cell.unikernels.isEmpty {
            for _ in 0..<domainCount { e.u8(0) }
        }
        for u in cell.unikernels {
            if let u { e.u8(1); u.encode(into: &e) } else { e.u8(0) }
        }
        if exoDomain != nil { e.u8(1); Exokernel.encode(at: cell.exokernelAddress, into: &e, now: now) } else { e.u8(0) }
        e.array(cell.vchans)
    }

    /// Moves the exokernel out of its cell for an update in place (copying
    /// it only when another state shares the cell); `putExokernel` moves it
    /// back. Only when `exoDomain` is set.
    mutating func takeExokernel() -> Exokernel {
        precondition(cold?.hasExokernel == true, "takeExokernel without an exokernel")
        if !isKnownUniquelyReferenced(&cold) { return cold.unsafelyUnwrapped.exokernel }
        return cold.unsafelyUnwrapped.takeExokernel()
    }

    /// Puts back what `takeExokernel` took (into the emptied cell, or a new
    /// one when the old is shared).
    mutating func putExokernel(_ k: consuming Exokernel) {
        let cell = cold.unsafelyUnwrapped
        if cell.exokernelTaken {
            cell.putExokernel(k)
        } else {
            cold = ColdCell(unikernels: cell.unikernels, exokernel: k, vchans: cell.vchans)
        }
    }

    /// The earliest pending deadline of any layer.
    public func nextDeadline() -> Tick? {
        exoDomain == nil ? nil : withExokernel { Exokernel.nextDeadline(at: $0) }
    }

    /// Performs everything due at `now`; returns how many things fired.
    public mutating func fireDue(now: Tick) -> Int32 {
        guard exoDomain != nil else { return 0 }
        let n = exokernel.fireDue(now: now)
        syncExokernel()
        return Int32(clamping: n)
    }

    /// The choke point: every operation any actor issues passes here.
    /// Returns a non-negative value (the result) or a negative status.
    public mutating func perform(_ op: Op, by principal: Principal, _ args: Operands, now: Tick,
                                 statics: LayerStatics) -> Int32 {
        // The parts whose buffers an operation copies on entry, before it
        // knows whether it will change anything (the hypervisor's calls
        // check first and write only what changes), when a system has any.
        guard cold != nil else { return dispatch(op, by: principal, args, now: now, statics: statics) }
        // A cell this world holds alone is changed in place (and holding it
        // here would force a copy: simulation and replay own their world).
        let before = isKnownUniquelyReferenced(&cold) ? nil : cold
        let r = dispatch(op, by: principal, args, now: now, statics: statics)
        keepUnchangedCell(before)
        return r
    }

    /// `perform` itself: the layer each principal's calls go to, then the
    /// exokernel brought in line with the hypervisor.
    @inline(__always) private mutating func dispatch(_ op: Op, by principal: Principal, _ args: Operands, now: Tick,
                                                     statics: LayerStatics) -> Int32 {
        let r: Int32
        switch principal {
        case .domain(let d):
            guard let dom = domainID(d) else { return GrantStatus.badDomain.rawValue }
            r = performDomain(op, dom, args)
        case .env(_, let env):
            r = performEnv(op, Int(env), args, now: now, statics: statics)
        case .kernel:
            r = performKernel(op, args, now: now, statics: statics)
        }
        syncExokernel()
        return r
    }

    /// Goes back to the cell a step started from when it copied that cell
    /// but left its contents equal (a refused call, an idempotent one), so
    /// the successor shares its parent's storage and the explorer
    /// recognises an unchanged world by identity. Only re-points to equal
    /// contents.
    private mutating func keepUnchangedCell(_ before: ColdCell?) {
        if let before, cold !== before, ColdCell.equal(cold, before) { cold = before }
    }

    // MARK: operand conversion (never wraps: a bad value names nothing)

    /// Whether the domain an actor with this principal runs on is alive (an
    /// environment's: its exokernel's domain). Faults always run.
    func runs(_ p: Principal) -> Bool {
        let d: Int32
        switch p {
        case .kernel: return true
        case .domain(let x): d = x
        case .env(let x, _): d = x
        }
        guard let id = domainID(d) else { return false }
        return hv.lifecycle(of: id).isAlive
    }

    func domainID(_ v: Int32) -> DomID? {
        guard let d = DomID(exactly: v), Int(d) < hv.config.maxDomains else { return nil }
        return d
    }

    static func u32(_ v: Int32) -> UInt32? { UInt32(exactly: v) }
}

/// What operations read but no state holds: the packets the NIC can deliver
/// and the parsed filter programs. Built once per model and shared read-only.
public struct LayerStatics: Sendable {
    public let packets: [[UInt8]]
    public let filters: [[FilterInstruction]]

    public init(system: SystemSpec) throws {
        var filters: [[FilterInstruction]] = []
        for f in system.filters {
            switch LayerStatics.assemble(filter: f.source) {
            case .success(let program): filters.append(program)
            case .failure(let e): throw SystemModel.ConfigError.invalid("filter \(f.name): \(e.line):\(e.column): \(e.message)")
            }
        }
        self.filters = filters
        self.packets = system.packets.map(\.bytes)
    }

    /// Assembles a filter's source text (the exokernel's filter syntax): the
    /// one assembler both the world and the spec elaborator use, so a spec
    /// that elaborates has filters that assemble.
    public static func assemble(filter source: String) -> Result<[FilterInstruction], FilterSourceError> {
        do {
            return .success(try FilterText.parse(source))
        } catch let e as FilterParseError {
            let position = "\(e.line):\(e.column): "
            let text = e.description
            let message = text.hasPrefix(position) ? String(text.dropFirst(position.count)) : text
            return .failure(FilterSourceError(message: message, line: e.line, column: e.column,
                                              wholeProgram: e.kind == .emptyProgram))
        } catch {
            return .failure(FilterSourceError(message: "\(error)", line: 1, column: 1, wholeProgram: true))
        }
    }
}

/// Why a filter's source does not assemble, and where inside that source.
public struct FilterSourceError: Error, Equatable, Sendable {
    /// What is wrong, without a position: `unknown instruction 'acept'`.
    public var message: String
    /// 1-based line of the source text.
    public var line: Int
    /// 1-based column of that line, counting bytes.
    public var column: Int
    /// The problem is the program as a whole (it has no instruction), not
    /// one place in it.
    public var wholeProgram: Bool

    public init(message: String, line: Int, column: Int, wholeProgram: Bool) {
        self.message = message
        self.line = line
        self.column = column
        self.wholeProgram = wholeProgram
    }
}

/// Limits `SystemModel.init` enforces that a spec can reach (the layers'
/// configuration checks), published so the spec elaborator reports them
/// where they are written.
public enum SystemLimits {
    /// Domain slots of the hypervisor.
    public static let maxDomains = XenConfig.domainLimit
    /// Grant entries per domain: the world gives each domain one grant-table
    /// frame.
    public static let maxGrantEntries = XenConfig.grantEntriesPerFrameLimit
    /// Environments on the exokernel: each holds a root capability in the
    /// kernel's capability table (`ExoConfig.maxCapabilities` entries), and
    /// root capability names are one byte (at most 255).
    public static let maxEnvs = min(255, ExoConfig().maxCapabilities)
    /// Library-OS processes per environment (`ExoConfig.maxProcesses`).
    public static let maxProcessesPerEnv = ExoConfig().maxProcesses
}

/// Bugs in the composition itself (the glue between the exokernel and the
/// hypervisor), switched on like any layer's mutants.
public struct WorldMutants: OptionSet, Equatable, Codable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// When the exokernel takes a frame back, the grants an environment made
    /// of it through the hypervisor are left in place.
    public static let abortKeepsGrant = WorldMutants(rawValue: 1 << 0)
    /// The exokernel is not told about foreign mappings of its frames, so
    /// it frees (and reallocates) a frame another domain still maps.
    public static let foreignMappingsHidden = WorldMutants(rawValue: 1 << 1)
    /// A guest's `evtchn_send` gets the hypervisor's answer, but the
    /// notification itself is lost: its waiter sleeps for ever.
    public static let sendDropsEvent = WorldMutants(rawValue: 1 << 2)
    /// A guest's `end_access` swaps the grant entry's flags to zero
    /// expecting them to be permit_access alone (Linux's
    /// gnttab_end_foreign_access_ref does a compare-and-swap of the flags),
    /// so on an entry marked read-only the swap never succeeds: the guest
    /// is told to try again, for ever.
    public static let endAccessMissesReadonly = WorldMutants(rawValue: 1 << 3)

    public static let catalogue: [(WorldMutants, MutantInfo)] = [
        (.abortKeepsGrant, MutantInfo(name: "abort-keeps-grant",
                                      summary: "a frame the exokernel takes back keeps the hypervisor grants its environment made",
                                      breaks: "revocation-complete", layer: "world")),
        (.foreignMappingsHidden, MutantInfo(name: "foreign-mappings-hidden",
                                            summary: "the exokernel is never told that another domain maps its frame",
                                            breaks: "no-reuse-while-mapped", layer: "world")),
        (.sendDropsEvent, MutantInfo(name: "send-drops-event",
                                     summary: "a guest's evtchn_send gets the hypervisor's answer but the notification is lost, so its waiter sleeps for ever",
                                     breaks: "no-deadlock", layer: "world")),
        (.endAccessMissesReadonly, MutantInfo(name: "end-access-misses-readonly",
                                              summary: "a guest's end_access compares the grant's flags with permit_access alone, so its compare-and-swap never succeeds on a read-only grant and the guest retries for ever",
                                              breaks: "no-deadlock", layer: "world")),
    ]

    public init?(name: String) {
        guard let m = WorldMutants.catalogue.first(where: { $0.1.name == name }) else { return nil }
        self = m.0
    }
}
