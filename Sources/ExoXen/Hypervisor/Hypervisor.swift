import ExoCore

/// The Xen-style hypervisor as a plain value: the machine frame table, the
/// domains' scalars, and the domains' tables (page lists, grant tables,
/// maptracks, event-channel ports).
///
/// All of it shares one flat allocation of plain records
/// (`HypervisorTables`), sized once from the configuration: the frame table
/// as one row, and a row per domain slot of every per-domain table; no
/// array sits inside a domain. Copying the hypervisor thus retains one
/// buffer whatever the number of domains and frames, a write copies at most
/// that one (with one allocation and one memory copy), and encoding a state
/// takes no reference counts per domain.
///
/// Every operation is a `mutating` method that takes any operand values and
/// answers with a status; bad operands never trap and leave the state as it
/// was. `config` and `mutants` are constant for a run and are not part of
/// the canonical encoding.
public struct Hypervisor: Equatable, Codable, Sendable {
    /// The sizes, constant for a run (kept in the tables' buffer).
    public var config: XenConfig { tables.config }
    /// The seeded bugs switched on, constant for a run (kept with `config`).
    public var mutants: XenMutants { tables.mutants }
    /// The frame table and every domain slot's scalars and tables; see the
    /// columns below.
    var tables: HypervisorTables

    /// The invariant catalogue of this layer and the unikernel layer.
    public static let invariants: [InvariantInfo] = XenInvariants.all

    /// A hypervisor with every frame free and every domain slot absent.
    /// The configuration must be valid (`config.problem() == nil`).
    public init(config: XenConfig = XenConfig(), mutants: XenMutants = []) {
        precondition(config.problem() == nil, "invalid XenConfig: \(config.problem() ?? "")")
        tables = HypervisorTables(layout: Hypervisor.layout(config), config: config, mutants: mutants,
                                  frame: FrameRecord(), domain: Domain(config: config), page: 0, grant: GrantEntry(),
                                  active: ActiveEntry(), maptrack: MaptrackEntry(), freeHandle: 0, port: EventPort())
        for i in 0..<config.maxDomains { resetFreeList(i) }
    }

    /// The shape of the tables for `config`: a row per domain slot.
    static func layout(_ config: XenConfig) -> TableLayout {
        TableLayout(frames: config.frames, domains: config.maxDomains, pages: config.frames, grants: config.maxGrantEntries,
                    maptrack: config.maptrackSlots, freeHandles: freeListCapacity(config), ports: config.portsPerDomain)
    }

    /// Puts slot `i` back as a fresh domain: scalars and every row of its tables.
    mutating func resetSlot(_ i: Int) {
        self[domain: i] = Domain(config: config)
        tables.fill(pageLists, row: i, with: 0)
        tables.fill(grantEntries, row: i, with: GrantEntry())
        tables.fill(activeEntries, row: i, with: ActiveEntry())
        tables.fill(maptrackEntries, row: i, with: MaptrackEntry())
        resetFreeList(i)
        tables.fill(eventPorts, row: i, with: EventPort())
    }

    // MARK: the tables' columns

    /// Machine frame `i`'s record (`i` in `frameSlots`).
    subscript(frame i: Int) -> FrameRecord {
        @inline(__always) get { tables[machineFrames, 0, i] }
        @inline(__always) set { tables[machineFrames, 0, i] = newValue }
    }

    /// The machine frame table, as a fresh array (snapshots, tests; the
    /// operations read records in place through `self[frame:]`).
    public var frames: [FrameRecord] { tables.row(machineFrames, 0) }

    /// The domain that owns (or released) machine frame `f`; nil when it is
    /// free or no such frame exists. Reads in place, unlike `frames`.
    public func owner(ofFrame f: FrameNumber) -> DomID? {
        frameIndex(f).flatMap { self[frame: $0].owner }
    }

    /// How many machine frames there are (`config.frames`).
    public var frameCount: Int { config.frames }

    /// Every frame index, `0..<config.frames`.
    var frameSlots: Range<Int> { 0..<config.frames }

    /// Slot `i`'s scalars (lifecycle, limits, list lengths).
    subscript(domain i: Int) -> Domain {
        @inline(__always) get { tables[tables.layout.slots, i, 0] }
        @inline(__always) set { tables[tables.layout.slots, i, 0] = newValue }
    }

    /// Whether `other` holds this hypervisor's very buffer (then it is
    /// equal to it; false says nothing). For a hypervisor made from another
    /// by operations: one that wrote nothing shares the buffer with it.
    @inline(__always) public func sharesStorage(with other: Hypervisor) -> Bool {
        tables.sharesBuffer(with: other.tables)
    }

    /// Offers the tables' buffer for reuse by this thread's next copy, when
    /// this hypervisor alone holds it: for a state about to be dropped
    /// (see `StoragePool`). Changes nothing this value reads.
    @inline(__always) public mutating func recycleStorage() { tables.recycle() }

    /// Every domain slot index, `0..<config.maxDomains`.
    var domainSlots: Range<Int> { 0..<config.maxDomains }

    /// The machine frame table: one row, a record per frame.
    var machineFrames: TableColumn<FrameRecord> { tables.layout.frames }
    /// Each domain's page list: the frames it owns, ascending, in the first
    /// `pageCount` places of its row. A row has room for every frame
    /// (`config.frames`); see `pageListFull`.
    var pageLists: TableColumn<FrameNumber> { tables.layout.pages }
    /// Each domain's shared grant entries, `config.maxGrantEntries` per row;
    /// `nrGrantFrames` bounds the references in use.
    var grantEntries: TableColumn<GrantEntry> { tables.layout.grants }
    /// The hypervisor's active entry behind each grant entry (same shape).
    var activeEntries: TableColumn<ActiveEntry> { tables.layout.active }
    /// Each mapping domain's maptrack slots, indexed by handle.
    var maptrackEntries: TableColumn<MaptrackEntry> { tables.layout.maptrack }
    /// Each domain's maptrack free list in the first `freeHandleCount`
    /// places of its row; the next handle handed out is the last of them.
    var maptrackFree: TableColumn<GrantHandle> { tables.layout.freeHandles }
    /// Each domain's event-channel ports, indexed by port number.
    var eventPorts: TableColumn<EventPort> { tables.layout.ports }

    // MARK: small lookups shared by the operations

    /// The domain index if `d` names a slot.
    @inline(__always) func slot(_ d: DomID) -> Int? {
        Int(d) < config.maxDomains ? Int(d) : nil
    }

    /// The domain index if `d` names a created or running domain.
    @inline(__always) func alive(_ d: DomID) -> Int? { aliveRecord(d)?.index }

    /// The domain index and record if `d` names a created or running
    /// domain: for a caller that asks the record more (one read of it, not
    /// one per question).
    @inline(__always) func aliveRecord(_ d: DomID) -> (index: Int, record: Domain)? {
        guard let i = slot(d) else { return nil }
        let record = self[domain: i]
        return record.lifecycle.isAlive ? (i, record) : nil
    }

    /// The entry index if `ref` is within `d`'s current grant table.
    @inline(__always) func entryIndex(_ d: Int, _ ref: GrantRef) -> Int? {
        entryIndex(in: self[domain: d], ref)
    }

    /// The entry index if `ref` is within the grant table of the domain
    /// whose record is `record`.
    @inline(__always) func entryIndex(in record: Domain, _ ref: GrantRef) -> Int? {
        Int(ref) < record.entryCount(perFrame: config.grantEntriesPerFrame) ? Int(ref) : nil
    }

    @inline(__always) func frameIndex(_ f: FrameNumber) -> Int? {
        Int(f) < frameCount ? Int(f) : nil
    }

    /// The port index if `p` is one of a domain's ports.
    @inline(__always) func portIndex(_ p: PortNumber) -> Int? {
        Int(p) < config.portsPerDomain ? Int(p) : nil
    }

    /// True if frame `f` is owned (and not released) by domain index `d`.
    @inline(__always) func owns(_ d: Int, _ f: FrameNumber) -> Bool {
        guard let fi = frameIndex(f) else { return false }
        return self[frame: fi].state == .owned(DomID(d))
    }
}
