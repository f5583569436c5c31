import Foundation
import XCTest
import ExoCore
@testable import ExoTrace

/// The member writer fills one fixed buffer while the other is compressed;
/// the file must depend only on the bytes written, never on how the writes
/// were split or on when the worker got to each member.
final class GzipMemberWriterTests: TraceTestCase {
    /// 200,000 varied bytes: three full members and a partial one.
    let data: [UInt8] = {
        var rng = PRNG(seed: 42)
        return (0..<200_000).map { i in UInt8(truncatingIfNeeded: i % 251 == 0 ? rng.below(256) : UInt64(i / 97)) }
    }()

    /// Writes `data` in chunks of the given sizes (cycled), closing members where the writer decides.
    func writeFile(_ name: String, chunks: [Int]) throws -> String {
        let p = path(name)
        let sink = try AtomicFileWriter(path: p)
        let w = try GzipMemberWriter(sink: sink, level: TraceFormat.defaultLevel)
        var at = 0, k = 0
        while at < data.count {
            let n = min(chunks[k % chunks.count], data.count - at)
            try data.withUnsafeBytes { try w.write(UnsafeRawBufferPointer(rebasing: $0[at..<(at + n)])) }
            at += n
            k += 1
        }
        _ = try w.flush()
        try sink.commit()
        return p
    }

    func testMembersHoldTheBytesInOrderWhateverTheWriteSizes() throws {
        let whole = try writeFile("whole.gz", chunks: [data.count])
        let payloads = try memberPayloads(whole)
        XCTAssertEqual(payloads.map(\.count), [65536, 65536, 65536, 200_000 - 3 * 65536])
        XCTAssertEqual(payloads.flatMap { $0 }, data)
        let reference = try bytes(whole)
        for chunks in [[1], [7, 65535, 3], [65536], [65537, 1], [15, 16, 17, 4096]] {
            let p = try writeFile("split-\(chunks.map(String.init).joined(separator: "-")).gz", chunks: chunks)
            XCTAssertEqual(try bytes(p), reference, "chunks \(chunks)")
        }
    }
}
