import ExoCore

/// Where one per-domain table sits in `HypervisorTables`: `width` records of
/// type `Record` per domain slot, the rows back to back (domain 0 first),
/// starting `offset` bytes into the shared storage.
struct TableColumn<Record>: Equatable, Sendable {
    let offset: Int
    let width: Int
}

/// The shape of `HypervisorTables`: one column per table, each sized once.
struct TableLayout: Equatable, Sendable {
    let domains: Int
    /// Each slot's scalars (one record per row).
    let slots: TableColumn<Domain>
    /// Page lists (`Domain.pageCount` long).
    let pages: TableColumn<FrameNumber>
    let grants: TableColumn<GrantEntry>
    let active: TableColumn<ActiveEntry>
    let maptrack: TableColumn<MaptrackEntry>
    /// Maptrack free lists (`Domain.freeHandleCount` long).
    let freeHandles: TableColumn<GrantHandle>
    let ports: TableColumn<EventPort>
    /// Bytes of storage the columns need.
    let byteCount: Int

    /// Lays the columns out one after another, each on a 16-byte boundary.
    /// Every record type must be plain data (copied bytewise, never
    /// retained or destroyed).
    init(domains: Int, pages: Int, grants: Int, maptrack: Int, freeHandles: Int, ports: Int) {
        var at = 0
        func column<R>(_ width: Int, of _: R.Type) -> TableColumn<R> {
            precondition(_isPOD(R.self), "a table record must be plain data")
            at = (at + 15) & ~15
            defer { at += MemoryLayout<R>.stride * width * domains }
            return TableColumn(offset: at, width: width)
        }
        self.domains = domains
        self.slots = column(1, of: Domain.self)
        self.pages = column(pages, of: FrameNumber.self)
        self.grants = column(grants, of: GrantEntry.self)
        self.active = column(grants, of: ActiveEntry.self)
        self.maptrack = column(maptrack, of: MaptrackEntry.self)
        self.freeHandles = column(freeHandles, of: GrantHandle.self)
        self.ports = column(ports, of: EventPort.self)
        byteCount = at
    }
}

/// Every per-domain record of the hypervisor in ONE allocation of plain
/// data, with value semantics (copy on write).
///
/// The hypervisor's state is copied with every successor the explorer
/// builds, and each array in it costs an atomic reference-count update per
/// copy and per destruction, on counts that all states of a run share. So
/// the domains' scalars and tables (page lists, grant and active entries,
/// maptracks and their free lists, ports) live in one buffer: a copy of
/// the hypervisor retains it once, and a write to a shared buffer copies it
/// with one allocation and one memory copy (the records hold no references).
///
/// Records are addressed by column, domain row and position in the row.
/// A row can also hold a variable-length list (page list, free list): its
/// length is kept by the caller, the list is the row's first records, and
/// the records past its end are kept blank, so equal lists mean equal tables.
struct HypervisorTables: @unchecked Sendable {
    // @unchecked: the buffer is only written while uniquely referenced.
    private var buffer: ManagedBuffer<TableLayout, UInt64>

    /// The columns. (Read through a pointer: the buffer's `header`
    /// property would be a dynamically checked class access.)
    var layout: TableLayout {
        @inline(__always) get { buffer.withUnsafeMutablePointerToHeader { $0.pointee } }
    }

    /// Tables for `layout` with every row of each column filled by the
    /// corresponding record.
    init(layout: TableLayout, domain: Domain, page: FrameNumber, grant: GrantEntry, active: ActiveEntry,
         maptrack: MaptrackEntry, freeHandle: GrantHandle, port: EventPort) {
        buffer = HypervisorTables.allocate(layout)
        buffer.withUnsafeMutablePointerToElements { words in
            let raw = UnsafeMutableRawPointer(words)
            func fill<R>(_ c: TableColumn<R>, _ r: R) {
                (raw + c.offset).initializeMemory(as: R.self, repeating: r, count: c.width * layout.domains)
            }
            fill(layout.slots, domain); fill(layout.pages, page); fill(layout.grants, grant); fill(layout.active, active)
            fill(layout.maptrack, maptrack); fill(layout.freeHandles, freeHandle); fill(layout.ports, port)
        }
    }

    private static func allocate(_ layout: TableLayout) -> ManagedBuffer<TableLayout, UInt64> {
        ManagedBuffer<TableLayout, UInt64>.create(minimumCapacity: (layout.byteCount + 7) / 8) { _ in layout }
    }

    /// Makes the buffer unshared before a write: a copy of the bytes if it is shared.
    @inline(__always) private mutating func makeUnique() {
        if _slowPath(!isKnownUniquelyReferenced(&buffer)) {
            let layout = self.layout
            let copy = HypervisorTables.allocate(layout)
            buffer.withUnsafeMutablePointerToElements { from in
                copy.withUnsafeMutablePointerToElements { to in
                    let src = UnsafeRawPointer(from), dst = UnsafeMutableRawPointer(to)
                    dst.copyMemory(from: src, byteCount: layout.byteCount)
                    func bind<R>(_ c: TableColumn<R>) {
                        (dst + c.offset).bindMemory(to: R.self, capacity: c.width * layout.domains)
                    }
                    bind(layout.slots); bind(layout.pages); bind(layout.grants); bind(layout.active)
                    bind(layout.maptrack); bind(layout.freeHandles); bind(layout.ports)
                }
            }
            buffer = copy
        }
    }

    /// Calls `body` with column `c`'s records, all rows (read only).
    @inline(__always) func withColumn<R, T>(_ c: TableColumn<R>, _ body: (UnsafeBufferPointer<R>) throws -> T) rethrows -> T {
        try buffer.withUnsafeMutablePointers { header, words in
            let n = c.width &* header.pointee.domains
            return try body(UnsafeBufferPointer(start: (UnsafeRawPointer(words) + c.offset).assumingMemoryBound(to: R.self), count: n))
        }
    }

    /// Calls `body` with column `c`'s records, all rows, for writing.
    @inline(__always) mutating func withMutableColumn<R, T>(_ c: TableColumn<R>, _ body: (UnsafeMutableBufferPointer<R>) throws -> T) rethrows -> T {
        makeUnique()
        return try buffer.withUnsafeMutablePointers { header, words in
            let n = c.width &* header.pointee.domains
            return try body(UnsafeMutableBufferPointer(start: (UnsafeMutableRawPointer(words) + c.offset).assumingMemoryBound(to: R.self), count: n))
        }
    }

    /// Every column's records at once, read only; valid only inside `withColumns`.
    struct Columns {
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
            let l = header.pointee, raw = UnsafeRawPointer(words)
            func view<R>(_ c: TableColumn<R>) -> UnsafeBufferPointer<R> {
                UnsafeBufferPointer(start: (raw + c.offset).assumingMemoryBound(to: R.self), count: c.width &* l.domains)
            }
            return try body(Columns(slots: view(l.slots), pages: view(l.pages), grants: view(l.grants), active: view(l.active),
                                    maptrack: view(l.maptrack), freeHandles: view(l.freeHandles), ports: view(l.ports)))
        }
    }

    /// Record `i` of domain `d`'s row of column `c`.
    @inline(__always) subscript<R>(_ c: TableColumn<R>, _ d: Int, _ i: Int) -> R {
        get {
            precondition(i >= 0 && i < c.width, "table column position out of range")
            return withColumn(c) { $0[d &* c.width &+ i] }
        }
        set {
            precondition(i >= 0 && i < c.width, "table column position out of range")
            withMutableColumn(c) { $0[d &* c.width &+ i] = newValue }
        }
    }

    // MARK: reading a row

    /// The first position in row `d` of column `c` whose record matches.
    @inline(__always) func firstIndex<R>(_ c: TableColumn<R>, inRow d: Int, where match: (R) -> Bool) -> Int? {
        withColumn(c) { all in
            let base = d &* c.width
            for i in 0..<c.width where match(all[base &+ i]) { return i }
            return nil
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
            let base = d &* c.width
            return Array(all[base..<(base &+ (count ?? c.width))])
        }
    }

    // MARK: writing a row

    /// Sets every record of row `d` of column `c` to `record`.
    mutating func fill<R>(_ c: TableColumn<R>, row d: Int, with record: R) {
        withMutableColumn(c) { all in
            for i in 0..<c.width { all[d &* c.width &+ i] = record }
        }
    }

    /// Inserts `record` at position `i` of the `count`-long list that starts
    /// row `d`, moving the later ones up; the row must have room.
    mutating func insert<R>(_ record: R, into c: TableColumn<R>, row d: Int, at i: Int, count: Int) {
        precondition(i >= 0 && i <= count && count < c.width, "table list insert out of range")
        withMutableColumn(c) { all in
            let base = d &* c.width
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
            let base = d &* c.width
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
                for d in 0..<old.layout.domains {
                    let src = d &* c.width, dst = target(d) &* c.width
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

extension HypervisorTables: Equatable {
    static func == (a: HypervisorTables, b: HypervisorTables) -> Bool {
        if a.buffer === b.buffer { return true }
        let l = a.layout
        guard l == b.layout else { return false }
        func same<R: Equatable>(_ c: TableColumn<R>) -> Bool {
            a.withColumn(c) { x in b.withColumn(c) { y in x.elementsEqual(y) } }
        }
        return same(l.slots) && same(l.pages) && same(l.grants) && same(l.active)
            && same(l.maptrack) && same(l.freeHandles) && same(l.ports)
    }
}

/// Snapshots store each table as its row width and its records, all rows
/// in order.
extension HypervisorTables: Codable {
    private struct Table<R: Codable>: Codable {
        var width: Int
        var records: [R]
    }

    private enum CodingKeys: String, CodingKey {
        case domainCount, domains, pageLists, grantEntries, activeEntries, maptrackEntries, maptrackFree, eventPorts
    }

    func encode(to encoder: Encoder) throws {
        let l = layout
        var c = encoder.container(keyedBy: CodingKeys.self)
        func put<R: Codable>(_ col: TableColumn<R>, _ key: CodingKeys) throws {
            try c.encode(Table(width: col.width, records: withColumn(col) { Array($0) }), forKey: key)
        }
        try c.encode(l.domains, forKey: .domainCount)
        try put(l.slots, .domains)
        try put(l.pages, .pageLists)
        try put(l.grants, .grantEntries)
        try put(l.active, .activeEntries)
        try put(l.maptrack, .maptrackEntries)
        try put(l.freeHandles, .maptrackFree)
        try put(l.ports, .eventPorts)
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let domains = try c.decode(Int.self, forKey: .domainCount)
        guard domains >= 0 && domains <= 64 else {
            throw DecodingError.dataCorruptedError(forKey: .domainCount, in: c, debugDescription: "bad domain count \(domains)")
        }
        let slots = try c.decode(Table<Domain>.self, forKey: .domains)
        let pages = try c.decode(Table<FrameNumber>.self, forKey: .pageLists)
        let grants = try c.decode(Table<GrantEntry>.self, forKey: .grantEntries)
        let active = try c.decode(Table<ActiveEntry>.self, forKey: .activeEntries)
        let maptrack = try c.decode(Table<MaptrackEntry>.self, forKey: .maptrackEntries)
        let free = try c.decode(Table<GrantHandle>.self, forKey: .maptrackFree)
        let ports = try c.decode(Table<EventPort>.self, forKey: .eventPorts)
        for w in [pages.width, grants.width, maptrack.width, free.width, ports.width] where w < 0 || w > 1 << 20 {
            throw DecodingError.dataCorruptedError(forKey: .domainCount, in: c, debugDescription: "bad table width \(w)")
        }
        guard slots.width == 1, grants.width == active.width else {
            throw DecodingError.dataCorruptedError(forKey: .activeEntries, in: c, debugDescription: "one scalar record per domain, as many active entries as grant entries")
        }
        let layout = TableLayout(domains: domains, pages: pages.width, grants: grants.width,
                                 maptrack: maptrack.width, freeHandles: free.width, ports: ports.width)
        self.init(layout: layout, domain: Domain(), page: 0, grant: GrantEntry(), active: ActiveEntry(),
                  maptrack: MaptrackEntry(), freeHandle: 0, port: EventPort())
        func load<R: Codable>(_ col: TableColumn<R>, _ t: Table<R>, _ key: CodingKeys) throws {
            guard t.records.count == col.width * domains else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "expected \(col.width * domains) records")
            }
            withMutableColumn(col) { all in for i in all.indices { all[i] = t.records[i] } }
        }
        try load(layout.slots, slots, .domains)
        try load(layout.pages, pages, .pageLists)
        try load(layout.grants, grants, .grantEntries)
        try load(layout.active, active, .activeEntries)
        try load(layout.maptrack, maptrack, .maptrackEntries)
        try load(layout.freeHandles, free, .maptrackFree)
        try load(layout.ports, ports, .eventPorts)
    }
}
