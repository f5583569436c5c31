/// Each domain's page list: the frames it owns, ascending, kept in its row
/// of `pageLists` with the length in `Domain.pageCount`.
///
/// A row has room for `config.frames` entries, one per frame. Without bugs
/// a page list names distinct frames, so that room is never what stops an
/// allocation; with the transfer-leaves-sender-owner bug a frame can be
/// listed twice, and a full row then refuses further frames as the
/// reservation limit does.
extension Hypervisor {
    /// The frames on domain index `i`'s page list, ascending (allocates).
    func pageList(_ i: Int) -> [FrameNumber] {
        tables.row(pageLists, i, count: Int(self[domain: i].pageCount))
    }

    /// True if domain index `i` may not gain a frame: at its reservation
    /// limit, or its page-list row is full.
    func pageListFull(_ i: Int) -> Bool {
        let n = Int(self[domain: i].pageCount)
        return n >= Int(self[domain: i].maxPages) || n >= pageLists.width
    }

    /// True if frame `f` is on domain index `i`'s page list.
    func pageListContains(_ i: Int, _ f: FrameNumber) -> Bool {
        let n = Int(self[domain: i].pageCount)
        return tables.firstIndex(pageLists, inRow: i) { $0 == f }.map { $0 < n } ?? false
    }

    /// Adds `f` to domain index `i`'s page list in ascending place (callers
    /// check `pageListFull` first).
    mutating func insertPage(_ i: Int, _ f: FrameNumber) {
        let n = Int(self[domain: i].pageCount)
        var lo = 0, hi = n
        while lo < hi {
            let mid = (lo + hi) / 2
            if tables[pageLists, i, mid] < f { lo = mid + 1 } else { hi = mid }
        }
        tables.insert(f, into: pageLists, row: i, at: lo, count: n)
        self[domain: i].pageCount += 1
    }

    /// Removes the first occurrence of `f` from domain index `i`'s page list, if any.
    mutating func removePage(_ i: Int, _ f: FrameNumber) {
        let n = Int(self[domain: i].pageCount)
        for k in 0..<n where tables[pageLists, i, k] == f {
            tables.remove(from: pageLists, row: i, at: k, count: n, blank: 0)
            self[domain: i].pageCount -= 1
            return
        }
    }

    /// Empties domain index `i`'s page list.
    mutating func clearPageList(_ i: Int) {
        tables.fill(pageLists, row: i, with: 0)
        self[domain: i].pageCount = 0
    }
}
