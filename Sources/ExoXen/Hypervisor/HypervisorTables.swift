import ExoCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Every record of the hypervisor (the machine frame table and every
/// per-domain record) in ONE allocation of plain data, with value
/// semantics (copy on write).
///
/// The hypervisor's state is copied with every successor the explorer
/// builds, and each array in it costs an atomic reference-count update per
/// copy and per destruction, on counts that all states of a run share. So
/// the domains' scalars and tables (page lists, grant and active entries,
/// maptracks and their free lists, ports) live in one buffer: a copy of
/// the hypervisor retains it once, and a write to a shared buffer copies it
/// with one allocation and one memory copy (the records hold no references).
///
/// Records are addressed by column, row (the domain; the frame table has
/// one row) and position in the row.
/// A row can also hold a variable-length list (page list, free list): its
/// length is kept by the caller, the list is the row's first records, and
/// the records past its end are kept blank, so equal lists mean equal tables.
struct HypervisorTables: @unchecked Sendable {
    // @unchecked: the buffer is only written while uniquely referenced.
    private var buffer: ManagedBuffer<Header, UInt64>

    /// What the buffer holds besides the records: the shape (layout and
    /// constants), by an unretained reference. A buffer is copied with
    /// every state that writes the hypervisor, so the header is kept to
    /// one word; the shape's ~300 bytes live once per configuration.
    struct Header {
        unowned(unsafe) let shape: TableShape
    }

    /// The columns. (Read through a pointer: the buffer's `header`
    /// property would be a dynamically checked class access.)
    var layout: TableLayout {
        @inline(__always) get { buffer.withUnsafeMutablePointerToHeader { $0.pointee.shape.layout } }
    }

    /// The configuration of the hypervisor these tables belong to.
    var config: XenConfig {
        @inline(__always) get { buffer.withUnsafeMutablePointerToHeader { $0.pointee.shape.config } }
    }

    /// The hypervisor's mutants.
    var mutants: XenMutants {
        @inline(__always) get { buffer.withUnsafeMutablePointerToHeader { $0.pointee.shape.mutants } }
    }

    /// Tables for `layout` with every row of each column filled by the
    /// corresponding record.
    init(layout: TableLayout, config: XenConfig, mutants: XenMutants, frame: FrameRecord, domain: Domain, page: FrameNumber,
         grant: GrantEntry, active: ActiveEntry, maptrack: MaptrackEntry, freeHandle: GrantHandle, port: EventPort) {
        buffer = HypervisorTables.allocate(Header(shape: TableShape.of(layout: layout, config: config, mutants: mutants)))
        buffer.withUnsafeMutablePointerToElements { words in
            let raw = UnsafeMutableRawPointer(words)
            // Zero first: the gaps between columns are hashed too.
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: layout.byteCount)
            func fill<R>(_ c: TableColumn<R>, _ r: R) {
                (raw + c.offset).initializeMemory(as: R.self, repeating: r, count: c.count)
            }
            fill(layout.frames, frame); fill(layout.slots, domain); fill(layout.pages, page); fill(layout.grants, grant); fill(layout.active, active)
            fill(layout.maptrack, maptrack); fill(layout.freeHandles, freeHandle); fill(layout.ports, port)
        }
    }

    private static func allocate(_ header: Header) -> ManagedBuffer<Header, UInt64> {
        ManagedBuffer<Header, UInt64>.create(minimumCapacity: words(header.shape.layout)) { _ in header }
    }

    /// The buffer's size in words for `layout`: also its key in the
    /// `StoragePool`.
    @inline(__always) private static func words(_ layout: TableLayout) -> Int { (layout.byteCount + 7) / 8 }

    /// A buffer for a copy: one this thread kept from a dropped state
    /// (`recycle`), with the header put back, or a new one.
    @inline(__always) private static func reuseOrAllocate(_ header: Header) -> ManagedBuffer<Header, UInt64> {
        if let kept = StoragePool.take(ManagedBuffer<Header, UInt64>.self, key: words(header.shape.layout)) {
            kept.withUnsafeMutablePointerToHeader { $0.pointee = header }
            return kept
        }
        return allocate(header)
    }

    /// Offers the buffer to this thread's `StoragePool` when this value is
    /// its only holder (a state about to be dropped): the next copy made on
    /// this thread reuses it instead of allocating. The tables stay as they
    /// are; the state is dropped right after.
    mutating func recycle() {
        guard isKnownUniquelyReferenced(&buffer) else { return }
        _ = StoragePool.put(buffer, key: HypervisorTables.words(layout))
    }

    /// Makes the buffer unshared before a write: a copy of the bytes if it is shared.
    @inline(__always) private mutating func makeUnique() {
        if _slowPath(!isKnownUniquelyReferenced(&buffer)) {
            let header = buffer.withUnsafeMutablePointerToHeader { $0.pointee }
            let layout = header.shape.layout
            let copy = HypervisorTables.reuseOrAllocate(header)
            buffer.withUnsafeMutablePointerToElements { from in
                copy.withUnsafeMutablePointerToElements { to in
                    let src = UnsafeRawPointer(from), dst = UnsafeMutableRawPointer(to)
                    dst.copyMemory(from: src, byteCount: layout.byteCount)
                    func bind<R>(_ c: TableColumn<R>) {
                        (dst + c.offset).bindMemory(to: R.self, capacity: c.count)
                    }
                    bind(layout.frames); bind(layout.slots); bind(layout.pages); bind(layout.grants); bind(layout.active)
                    bind(layout.maptrack); bind(layout.freeHandles); bind(layout.ports)
                }
            }
            buffer = copy
        }
    }

    /// Calls `body` with every byte of every column, gaps included (zero):
    /// the canonical encoding of the records, since every byte of a
    /// `TableRecord` is a field and equal tables keep equal bytes (lists
    /// are blanked past their ends).
    @inline(__always) func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try buffer.withUnsafeMutablePointers { header, words in
            try body(UnsafeRawBufferPointer(start: words, count: header.pointee.shape.layout.byteCount))
        }
    }

    /// Calls `body` with column `c`'s records, all rows (read only).
    @inline(__always) func withColumn<R, T>(_ c: TableColumn<R>, _ body: (UnsafeBufferPointer<R>) throws -> T) rethrows -> T {
        try buffer.withUnsafeMutablePointerToElements { words in
            try body(UnsafeBufferPointer(start: (UnsafeRawPointer(words) + c.offset).assumingMemoryBound(to: R.self), count: c.count))
        }
    }

    /// Calls `body` with column `c`'s records, all rows, for writing.
    @inline(__always) mutating func withMutableColumn<R, T>(_ c: TableColumn<R>, _ body: (UnsafeMutableBufferPointer<R>) throws -> T) rethrows -> T {
        makeUnique()
        return try buffer.withUnsafeMutablePointerToElements { words in
            try body(UnsafeMutableBufferPointer(start: (UnsafeMutableRawPointer(words) + c.offset).assumingMemoryBound(to: R.self), count: c.count))
        }
    }

    /// Every column's records at once, read only; valid only inside `withColumns`.
    struct Columns {
        let frames: UnsafeBufferPointer<FrameRecord>
        let slots: UnsafeBufferPointer<Domain>
        let pages: UnsafeBufferPointer<FrameNumber>
        let grants: UnsafeBufferPointer<GrantEntry>
        let active: UnsafeBufferPointer<ActiveEntry>
        let maptrack: UnsafeBufferPointer<MaptrackEntry>
        let freeHandles: UnsafeBufferPointer<GrantHandle>
        let ports: UnsafeBufferPointer<EventPort>
    }

    /// Calls `body` with every column's records (read only, no copy).
    @inline(__always) func withColumns<T>(_ body: (Columns) throws -> T) rethrows -> T {
        try buffer.withUnsafeMutablePointers { header, words in
            let l = header.pointee.shape.layout, raw = UnsafeRawPointer(words)
            func view<R>(_ c: TableColumn<R>) -> UnsafeBufferPointer<R> {
                UnsafeBufferPointer(start: (raw + c.offset).assumingMemoryBound(to: R.self), count: c.count)
            }
            return try body(Columns(frames: view(l.frames), slots: view(l.slots), pages: view(l.pages), grants: view(l.grants), active: view(l.active),
                                    maptrack: view(l.maptrack), freeHandles: view(l.freeHandles), ports: view(l.ports)))
        }
    }

    /// Record `i` of domain `d`'s row of column `c`.
    @inline(__always) subscript<R>(_ c: TableColumn<R>, _ d: Int, _ i: Int) -> R {
        get { withColumn(c) { $0[HypervisorTables.index(c, d, i, in: $0.count)] } }
        set { withMutableColumn(c) { $0[HypervisorTables.index(c, d, i, in: $0.count)] = newValue } }
    }

    /// Where record `i` of row `d` sits among a column's `count` records
    /// (the buffers are unchecked, so the bounds are checked here).
    @inline(__always) private static func index<R>(_ c: TableColumn<R>, _ d: Int, _ i: Int, in count: Int) -> Int {
        let k = d &* c.width &+ i
        precondition(UInt(bitPattern: i) < UInt(bitPattern: c.width) && UInt(bitPattern: k) < UInt(bitPattern: count),
                     "table position out of range")
        return k
    }

    /// The start of row `d` among a column's `count` records, checked.
    @inline(__always) private static func rowStart<R>(_ c: TableColumn<R>, _ d: Int, in count: Int) -> Int {
        precondition(d >= 0 && (d &+ 1) &* c.width <= count, "table row out of range")
        return d &* c.width
    }

    // MARK: reading a row

    /// The first position in row `d` of column `c` whose record matches.
    @inline(__always) func firstIndex<R>(_ c: TableColumn<R>, inRow d: Int, where match: (R) -> Bool) -> Int? {
        withColumn(c) { all in
            let base = HypervisorTables.rowStart(c, d, in: all.count)
            for i in 0..<c.width where match(all[base &+ i]) { return i }
            return nil
        }
    }

    /// Calls `body` with the first `count` records of row `d` of column `c`.
    @inline(__always) func forEach<R>(_ c: TableColumn<R>, inRow d: Int, count: Int, _ body: (R) -> Void) {
        precondition(count >= 0 && count <= c.width, "a row prefix longer than its row")
        withColumn(c) { all in
            let base = HypervisorTables.rowStart(c, d, in: all.count)
            for i in 0..<count { body(all[base &+ i]) }
        }
    }

    /// True if some record of row `d` of column `c` matches.
    @inline(__always) func contains<R>(_ c: TableColumn<R>, inRow d: Int, where match: (R) -> Bool) -> Bool {
        firstIndex(c, inRow: d, where: match) != nil
    }

    /// The first `count` records of row `d` (the whole row by default), as
    /// a fresh array (for queries and the checker, not hot paths).
    func row<R>(_ c: TableColumn<R>, _ d: Int, count: Int? = nil) -> [R] {
        withColumn(c) { all in
            let base = HypervisorTables.rowStart(c, d, in: all.count)
            let n = count ?? c.width
            precondition(n >= 0 && n <= c.width, "table row prefix out of range")
            return Array(all[base..<(base &+ n)])
        }
    }

    // MARK: writing a row

    /// Sets every record of row `d` of column `c` to `record`.
    mutating func fill<R>(_ c: TableColumn<R>, row d: Int, with record: R) {
        withMutableColumn(c) { all in
            let base = HypervisorTables.rowStart(c, d, in: all.count)
            for i in 0..<c.width { all[base &+ i] = record }
        }
    }

    /// Inserts `record` at position `i` of the `count`-long list that starts
    /// row `d`, moving the later ones up; the row must have room.
    mutating func insert<R>(_ record: R, into c: TableColumn<R>, row d: Int, at i: Int, count: Int) {
        precondition(i >= 0 && i <= count && count < c.width, "table list insert out of range")
        withMutableColumn(c) { all in
            let base = HypervisorTables.rowStart(c, d, in: all.count)
            var k = count
            while k > i { all[base &+ k] = all[base &+ k &- 1]; k -= 1 }
            all[base &+ i] = record
        }
    }

    /// Removes position `i` of the `count`-long list that starts row `d`,
    /// moving the later ones down and blanking the place freed at the end.
    mutating func remove<R>(from c: TableColumn<R>, row d: Int, at i: Int, count: Int, blank: R) {
        precondition(i >= 0 && i < count && count <= c.width, "table list remove out of range")
        withMutableColumn(c) { all in
            let base = HypervisorTables.rowStart(c, d, in: all.count)
            for k in i..<(count &- 1) { all[base &+ k] = all[base &+ k &+ 1] }
            all[base &+ count &- 1] = blank
        }
    }

    // MARK: renaming

    /// Sets row `target(d)` of column `c` to row `d` of `old`'s, for every
    /// row, applying `rename` to each record (`target` must permute the
    /// rows; `old` has the same layout).
    mutating func permuteRows<R>(_ c: TableColumn<R>, from old: HypervisorTables, to target: (Int) -> Int,
                                 renaming rename: (inout R) -> Void) {
        withMutableColumn(c) { all in
            old.withColumn(c) { from in
                for d in 0..<c.rows {
                    let src = HypervisorTables.rowStart(c, d, in: from.count)
                    let dst = HypervisorTables.rowStart(c, target(d), in: all.count)
                    for i in 0..<c.width {
                        var r = from[src &+ i]
                        rename(&r)
                        all[dst &+ i] = r
                    }
                }
            }
        }
    }
}

extension HypervisorTables {
    /// The shape (one object per distinct layout and constants).
    private var shape: TableShape { buffer.withUnsafeMutablePointerToHeader { $0.pointee.shape } }

    /// Calls `body` with the shape (tests: which hypervisors share one).
    func withShape<T>(_ body: (TableShape) -> T) -> T { body(shape) }

    /// Whether both are one buffer (then equal; false says nothing).
    @inline(__always) func sharesBuffer(with other: HypervisorTables) -> Bool { buffer === other.buffer }

    /// The buffer's identity (tests: which buffer a copy reused).
    var bufferID: ObjectIdentifier { ObjectIdentifier(buffer) }
}

extension HypervisorTables: Equatable {
    /// Equal shapes and equal bytes: every byte of a table record is a
    /// field (`TableRecord`), so this is field-by-field equality, and it is
    /// by construction the same answer the canonical encoding gives.
    static func == (a: HypervisorTables, b: HypervisorTables) -> Bool {
        if a.buffer === b.buffer { return true }
        guard a.shape === b.shape else { return false }
        // One memcmp (vectorised, stops at the first difference), not a
        // byte-by-byte loop: the explorer compares a successor with its
        // state once per expansion (a stutter check) and they usually
        // differ early.
        return a.withBytes { x in
            b.withBytes { y in
                x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
    }
}

/// The layout and constants of the tables of one configuration: made once
/// per distinct (layout, config, mutants), shared by every buffer of that
/// shape, and never freed (the registry holds each), so a buffer's header
/// can refer to it without retaining it. A process meets few shapes (one
/// per spec it loads), and looks one up only when it creates or decodes a
/// hypervisor, never per step.
final class TableShape: Sendable {
    let layout: TableLayout
    let config: XenConfig
    let mutants: XenMutants

    private init(layout: TableLayout, config: XenConfig, mutants: XenMutants) {
        self.layout = layout
        self.config = config
        self.mutants = mutants
    }

    private static let registry = Mutex<[TableShape]>([])

    /// The one shape with these values.
    static func of(layout: TableLayout, config: XenConfig, mutants: XenMutants) -> TableShape {
        registry.withLock { shapes in
            if let s = shapes.first(where: { $0.layout == layout && $0.config == config && $0.mutants == mutants }) {
                return s
            }
            let s = TableShape(layout: layout, config: config, mutants: mutants)
            shapes.append(s)
            return s
        }
    }
}
