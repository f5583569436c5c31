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
    /// Index = domain id; set for unikernel domains. Empty when no domain
    /// is a unikernel (an array of nils would be one buffer shared, and
    /// reference-counted, by every state of a run).
    public var unikernels: [Unikernel?]
    /// The exokernel, when a domain runs one (kept in a copy-on-write cell;
    /// see `exokernel`; coded as "exo").
    private var exoCell: ExokernelCell?
    public var vchans: [Vchan]

    // Configuration: constant for a run, not part of the fingerprint. No
    // arrays here: every World copy would retain them, and worker threads
    // contending on one shared reference count is what stops BFS scaling.
    // Packets and filters live in `LayerStatics`, held by the model. Kept
    // narrow, so that a `World` stays 64 bytes and is moved in registers
    // (each successor is moved several times on its way to the frontier).
    public let exoDomain: DomID?
    private let packetCountValue: UInt16
    public let worldMutants: WorldMutants
    private let domainCountValue: UInt8

    /// How many packets the NIC can deliver.
    public var packetCount: Int { Int(packetCountValue) }
    /// How many domains the system declares (what `unikernels` is indexed by).
    public var domainCount: Int { Int(domainCountValue) }

    private enum CodingKeys: String, CodingKey {
        case hv, unikernels, exoCell = "exo", vchans, exoDomain, packetCountValue = "packetCount", worldMutants,
             domainCountValue = "domainCount"
    }

    /// The exokernel in place, borrowed or (after copying a cell another
    /// state shares) mutated. Only when `exoDomain` is set. Stored behind one
    /// reference: the exokernel is large inline and holds many arrays, so
    /// keeping it in a cell makes every `World` copy smaller and retain one
    /// reference instead of each of those arrays.
    var exokernel: Exokernel {
        _read {
            precondition(exoCell != nil, "no exokernel in this system")
            yield exoCell.unsafelyUnwrapped.value
        }
        _modify {
            precondition(exoCell != nil, "no exokernel in this system")
            if !isKnownUniquelyReferenced(&exoCell!) { exoCell = exoCell.unsafelyUnwrapped.copy() }
            yield &exoCell.unsafelyUnwrapped.value
        }
    }

    /// Whether `other`, made from these layers by operations, still holds
    /// their very buffers (then it is equal; false says nothing). The
    /// configuration constants are not compared: operations cannot change them.
    @inline(__always) func sharesStorage(with other: Layers) -> Bool {
        hv.sharesStorage(with: other.hv) && exoCell === other.exoCell
            && unikernels.sharesBuffer(with: other.unikernels) && vchans.sharesBuffer(with: other.vchans)
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
        self.unikernels = unikernels.allSatisfy { $0 == nil } ? [] : unikernels
        self.exoCell = exo.map { ExokernelCell($0) }
        precondition((exoCell != nil) == (exoIndices.first != nil), "an exokernel exactly when a domain runs one")
        self.vchans = []
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
        if unikernels.isEmpty {
            for _ in 0..<domainCount { e.u8(0) }
        }
        for u in unikernels {
            if let u { e.u8(1); u.encode(into: &e) } else { e.u8(0) }
        }
        if exoDomain != nil { e.u8(1); exokernel.encode(into: &e, now: now) } else { e.u8(0) }
        e.array(vchans)
    }

    /// Moves the exokernel out of its cell for an update in place (copying
    /// it only when another state shares the cell); `putExokernel` moves it
    /// back. Only when `exoDomain` is set.
    mutating func takeExokernel() -> Exokernel {
        precondition(exoCell != nil, "takeExokernel without an exokernel")
        if !isKnownUniquelyReferenced(&exoCell!) { return exoCell.unsafelyUnwrapped.value }
        return exoCell.unsafelyUnwrapped.take()
    }

    /// Puts back what `takeExokernel` took (into the emptied cell, or a new
    /// one when the old is shared).
    mutating func putExokernel(_ k: consuming Exokernel) {
        if let cell = exoCell, !cell.isPresent {
            cell.put(k)
        } else {
            exoCell = ExokernelCell(k)
        }
    }

    /// The earliest pending deadline of any layer.
    public func nextDeadline() -> Tick? { exoDomain == nil ? nil : exokernel.nextDeadline }

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
        guard exoCell != nil || !unikernels.isEmpty || !vchans.isEmpty else {
            return dispatch(op, by: principal, args, now: now, statics: statics)
        }
        // A cell this world holds alone is changed in place (and holding it
        // here would force a copy: simulation and replay own their world).
        let exoShared = exoCell != nil && !isKnownUniquelyReferenced(&exoCell)
        let exoBefore = exoShared ? exoCell : nil
        let unikernelsBefore = unikernels, vchansBefore = vchans
        let r = dispatch(op, by: principal, args, now: now, statics: statics)
        keepUnchangedBuffers(exoBefore, unikernelsBefore, vchansBefore)
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

    /// Goes back to the buffers a step started from wherever it copied one
    /// but left the value equal (a refused call, an idempotent one), so the
    /// successor shares its parent's storage and the explorer recognises an
    /// unchanged world by identity. Only re-points to equal values.
    private mutating func keepUnchangedBuffers(_ exo: ExokernelCell?, _ uk: [Unikernel?], _ vc: [Vchan]) {
        if let before = exo, let now = exoCell, now !== before, now.value == before.value { exoCell = before }
        if !unikernels.sharesBuffer(with: uk) && unikernels == uk { unikernels = uk }
        if !vchans.sharesBuffer(with: vc) && vchans == vc { vchans = vc }
    }

    // MARK: operand conversion (never wraps: a bad value names nothing)

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
            do { filters.append(try FilterText.parse(f.source)) } catch {
                throw SystemModel.ConfigError.invalid("filter \(f.name): \(error)")
            }
        }
        self.filters = filters
        self.packets = system.packets.map(\.bytes)
    }
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

    public static let catalogue: [(WorldMutants, MutantInfo)] = [
        (.abortKeepsGrant, MutantInfo(name: "abort-keeps-grant",
                                      summary: "a frame the exokernel takes back keeps the hypervisor grants its environment made",
                                      breaks: "revocation-complete", layer: "world")),
        (.foreignMappingsHidden, MutantInfo(name: "foreign-mappings-hidden",
                                            summary: "the exokernel is never told that another domain maps its frame",
                                            breaks: "no-reuse-while-mapped", layer: "world")),
    ]

    public init?(name: String) {
        guard let m = WorldMutants.catalogue.first(where: { $0.1.name == name }) else { return nil }
        self = m.0
    }
}
