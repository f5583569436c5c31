import ExoCore
import XCTest
@testable import ExoSpec

/// Random byte mutations of every sample spec (seeded, so every run tries the
/// same inputs): the parser must return an error or a tree, never trap, and
/// whatever parses must format stably.
final class FuzzTests: XCTestCase {
    /// Bytes that matter to the lexer, drawn more often than the rest.
    private static let interesting: [UInt8] = Array(":,=.|#\"\\ \n\t\r-_0x9azAny".utf8) + [0, 0x7F, 0xC3, 0xA9, 0xE2, 0x80]

    private func mutate(_ input: [UInt8], _ rng: inout PRNG) -> [UInt8] {
        var b = input
        let edits = 1 + rng.index(4)
        for _ in 0..<edits {
            let byte: UInt8 = rng.chance(3, in: 4)
                ? FuzzTests.interesting[rng.index(FuzzTests.interesting.count)]
                : UInt8(truncatingIfNeeded: rng.next())
            switch rng.index(6) {
            case 0 where !b.isEmpty: b[rng.index(b.count)] = byte
            case 1: b.insert(byte, at: rng.index(b.count + 1))
            case 2 where !b.isEmpty: b.remove(at: rng.index(b.count))
            case 3 where b.count > 1:
                // Duplicate a slice somewhere else (indentation, blocks).
                let s = rng.index(b.count)
                let e = min(b.count, s + 1 + rng.index(24))
                b.insert(contentsOf: b[s..<e], at: rng.index(b.count + 1))
            case 4 where b.count > 1:
                // Delete a slice.
                let s = rng.index(b.count)
                b.removeSubrange(s..<min(b.count, s + 1 + rng.index(16)))
            default:
                b.insert(contentsOf: Array("  ".utf8), at: rng.index(b.count + 1))
            }
        }
        return b
    }

    /// Parses `text`; a rejection must carry errors, a success must format
    /// stably and elaborate to a system or errors. Returns whether it parsed.
    @discardableResult
    private func exercise(_ text: String, file: String) throws -> Bool {
        let (ast, diags) = SpecParser.parse(text: text, file: file)
        guard let ast else {
            XCTAssertTrue(diags.contains(where: \.isError))
            for d in diags {
                XCTAssertGreaterThanOrEqual(d.range.start.line, 1)
                XCTAssertFalse(d.description.isEmpty)
            }
            return false
        }
        XCTAssertTrue(diags.isEmpty)
        let once = SpecFormatter.format(ast)
        let (again, againDiags) = SpecParser.parse(text: once, file: "fmt.exo")
        guard let again else {
            XCTFail("formatted text does not parse:\n\(againDiags.rendered)\n--- input:\n\(text)\n--- formatted:\n\(once)")
            return true
        }
        XCTAssertEqual(SpecFormatter.format(again), once, "fmt not idempotent for:\n\(text)")
        XCTAssertEqual(try SpecTestSupport.shape(again), try SpecTestSupport.shape(ast), "parse(fmt(x)) != x for:\n\(text)")
        // Elaboration must be total too: a system or errors.
        let (system, elabDiags) = SpecCompiler.check(text: text, file: file, catalogues: .design)
        XCTAssertTrue(system != nil || elabDiags.contains(where: \.isError))
        return true
    }

    private func samples() throws -> [String] {
        var samples = try SpecTestSupport.documentedExamples().map(\.text)
        samples.append(FuzzTests.dense)
        for url in SpecsDirectoryTests.specFiles() {
            samples.append(try String(contentsOf: url, encoding: .utf8))
        }
        return samples
    }

    func testMutatedSpecsNeverCrashAndFormatStably() throws {
        let samples = try samples()
        var rng = PRNG(seed: 0x5EC5_1A6)
        var parsed = 0, rejected = 0
        for (k, sample) in samples.enumerated() {
            let bytes = Array(sample.utf8)
            // About 1800 mutations in all, however many samples there are.
            for _ in 0..<max(40, 1800 / samples.count) {
                let text = String(decoding: mutate(bytes, &rng), as: UTF8.self)
                if try exercise(text, file: "fuzz\(k).exo") { parsed += 1 } else { rejected += 1 }
            }
        }
        // Both outcomes must be exercised for the test to mean anything.
        XCTAssertGreaterThan(parsed, 60)
        XCTAssertGreaterThan(rejected, 600)
    }

    /// Whole-line edits: lines moved, duplicated, dropped, indented or
    /// dedented, which is where layout and recovery bugs live.
    func testLineEditsNeverCrashAndFormatStably() throws {
        var rng = PRNG(seed: 7)
        var parsed = 0
        for (k, sample) in try samples().enumerated() {
            let lines = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for _ in 0..<60 {
                var ls = lines
                for _ in 0..<(1 + rng.index(3)) where !ls.isEmpty {
                    let i = rng.index(ls.count)
                    switch rng.index(5) {
                    case 0: ls.insert(ls[i], at: rng.index(ls.count + 1))
                    case 1: ls.remove(at: i)
                    case 2: ls[i] = "  " + ls[i]
                    case 3: ls[i] = String(ls[i].drop { $0 == " " })
                    default: ls.swapAt(i, rng.index(ls.count))
                    }
                }
                if try exercise(ls.joined(separator: "\n"), file: "lines\(k).exo") { parsed += 1 }
            }
        }
        XCTAssertGreaterThan(parsed, 20)
    }

    func testRandomBytesNeverCrash() {
        var rng = PRNG(seed: 42)
        for _ in 0..<300 {
            let n = rng.index(200)
            let bytes = (0..<n).map { _ in
                rng.chance(1, in: 2) ? FuzzTests.interesting[rng.index(FuzzTests.interesting.count)]
                                     : UInt8(truncatingIfNeeded: rng.next())
            }
            _ = SpecParser.parse(text: String(decoding: bytes, as: UTF8.self), file: "r.exo")
        }
    }

    /// A small spec dense in constructs, so mutations hit all of them.
    static let dense = """
        spec d "x"
        expect violation v
        machine frames 2 list a, b
        domain d0, d1 : guest
        filter f code |
          accept
        actor each d in d0, d1:
          loop:
            either: let x = op any frame owned-by d 1..2 "s"
            or:
              repeat 2:
                ignore op2 x
              wait ev x
        fault f any 0..3 deadline 2
        check a, b
        mutant m

        """
}
