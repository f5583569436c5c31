import XCTest
@testable import ExoCore

/// `TableMemory`: a block from a huge page up is aligned to one and, on
/// Linux, advised for transparent huge pages (the mapping holding it carries
/// the kernel's `hg` flag); a smaller block is ordinary malloc memory (which
/// may sit in a mapping advised for an earlier large block, so its flags are
/// not checked). Every block holds what is written to it, end to end.
final class TableMemoryTests: XCTestCase {
    func testLargeBlocksAreHugePageAlignedAndAdvised() throws {
        let huge = TableMemory.hugePageBytes
        for count in [huge / 8, 3 * huge / 8 + 5] {
            let p = TableMemory.allocate(UInt64.self, count: count)
            defer { TableMemory.deallocate(p) }
            XCTAssertEqual(Int(bitPattern: p) % huge, 0, "\(count) slots")
            p.initialize(repeating: 7, count: count)
            p[count - 1] = 9
            XCTAssertEqual(p[0], 7)
            XCTAssertEqual(p[count - 1], 9)
            #if os(Linux)
            if FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage/enabled") {
                let flags = try XCTUnwrap(Self.mappingFlags(containing: UnsafeRawPointer(p)), "no mapping holds the block")
                XCTAssertTrue(flags.contains("hg"), "VmFlags \(flags): the block was not advised for huge pages")
            }
            #endif
        }
    }

    func testTheRuleIsAHugePageOrMore() {
        XCTAssertFalse(TableMemory.isAdvised(bytes: 0))
        XCTAssertFalse(TableMemory.isAdvised(bytes: TableMemory.hugePageBytes - 1))
        XCTAssertTrue(TableMemory.isAdvised(bytes: TableMemory.hugePageBytes))
        XCTAssertTrue(TableMemory.isAdvised(bytes: 64 * TableMemory.hugePageBytes + 3))
    }

    func testSmallBlocksAreOrdinaryMemory() {
        let p = TableMemory.allocate(UInt64.self, count: 16)
        defer { TableMemory.deallocate(p) }
        XCTAssertEqual(Int(bitPattern: p) % 16, 0)
        p.initialize(repeating: 1, count: 16)
        XCTAssertEqual((0..<16).reduce(0) { $0 + p[$1] }, 16)
    }

    /// The `VmFlags` of the mapping in /proc/self/smaps that holds `p`.
    static func mappingFlags(containing p: UnsafeRawPointer) -> [String]? {
        // Read to the end: procfs files report a size of 0.
        guard let file = FileHandle(forReadingAtPath: "/proc/self/smaps") else { return nil }
        defer { try? file.close() }
        let smaps = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
        let address = UInt(bitPattern: p)
        var inside = false
        for line in smaps.split(separator: "\n") {
            if let dash = line.firstIndex(of: "-"), let space = line.firstIndex(of: " "), dash < space,
               let lo = UInt(line[..<dash], radix: 16), let hi = UInt(line[line.index(after: dash)..<space], radix: 16) {
                inside = lo <= address && address < hi
            } else if inside, line.hasPrefix("VmFlags:") {
                return line.dropFirst("VmFlags:".count).split(separator: " ").map(String.init)
            }
        }
        return nil
    }
}
