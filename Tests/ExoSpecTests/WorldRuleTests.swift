import ExoStack
import XCTest
@testable import ExoSpec

/// What the world builder (`SystemModel.init`) would refuse is reported by
/// elaboration, at `file:line:col`, before any world is built: the system's
/// shape (a domain, an env per exokernel, one exokernel), the layers'
/// limits, and filters that do not assemble (located in the file, not in
/// the filter's text). And at each limit, what elaborates builds.
final class WorldRuleTests: XCTestCase {
    private func check(_ input: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        let (system, diags) = SpecCompiler.check(text: input, file: "t.exo", catalogues: .design)
        XCTAssertNil(system, "expected the spec to be rejected", file: file, line: line)
        SpecTestSupport.assertRendered(diags.rendered, expected, file: file, line: line)
    }

    /// Elaborates without diagnostics and builds the world.
    private func builds(_ input: String, file: StaticString = #filePath, line: UInt = #line) {
        let (system, diags) = SpecCompiler.check(text: input, file: "t.exo", catalogues: .design)
        XCTAssertEqual(diags, [], diags.rendered, file: file, line: line)
        guard let system else { return XCTFail("rejected", file: file, line: line) }
        XCTAssertNoThrow(try SystemModel(system: system), file: file, line: line)
    }

    /// The world refuses the system, as its second line of defence.
    private func worldRefuses(_ system: SystemSpec, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try SystemModel(system: system), file: file, line: line)
    }

    private static let prelude = "spec a\nexpect holds\n"

    // MARK: the system's shape

    func testExokernelDomainWithoutEnv() {
        check(Self.prelude + "domain x0 : exokernel frames 1\n", """
            t.exo:3:8: error: exokernel domain 'x0' has no env
            domain x0 : exokernel frames 1
                   ^~
            hint: declare one with 'env NAME on x0'
            1 error generated.
            """)
        builds(Self.prelude + "domain x0 : exokernel frames 1\nenv e0 on x0\n")
    }

    func testNoDomain() {
        check(Self.prelude, """
            t.exo:1:6: error: the system has no domain
            spec a
                 ^
            hint: declare one, as in 'domain d0 : guest'
            1 error generated.
            """)
        check("", """
            t.exo:1:1: error: the spec has no name
            \("")
            ^
            hint: start the spec with 'spec NAME'
            t.exo:1:1: error: the spec states no expected verdict
            \("")
            ^
            hint: add 'expect holds' or 'expect violation INVARIANT', so CI can check the outcome
            t.exo:1:1: error: the system has no domain
            \("")
            ^
            hint: declare one, as in 'domain d0 : guest'
            3 errors generated.
            """)
    }

    func testTwoExokernelDomains() {
        check(Self.prelude + "domain x0 : exokernel frames 1\nenv e0 on x0\ndomain d0\ndomain x1 : exokernel\nenv e1 on x1\n", """
            t.exo:6:8: error: at most one domain may run an exokernel
            domain x1 : exokernel
                   ^~
            t.exo:3:8: note: 'x0' runs one already
            domain x0 : exokernel frames 1
                   ^~
            t.exo:6:8: warning: the exokernel domain manages no frames, so every 'exo_alloc' is refused
            domain x1 : exokernel
                   ^~
            hint: give it frames from the machine: 'frames N'
            1 error and 1 warning generated.
            """)
        check(Self.prelude + "domain x0, x1 : exokernel frames 1\nenv e0 on x0\nenv e1 on x1\nmachine frames 2\n", """
            t.exo:3:12: error: at most one domain may run an exokernel
            domain x0, x1 : exokernel frames 1
                       ^~
            t.exo:3:8: note: 'x0' runs one already
            domain x0, x1 : exokernel frames 1
                   ^~
            1 error generated.
            """)
    }

    // MARK: limits

    func testTooManyEnvs() {
        let limit = SystemLimits.maxEnvs
        XCTAssertEqual(limit, 24, "one root capability per env in a 24-entry capability table")
        func spec(_ n: Int) -> String {
            Self.prelude + "domain x0 : exokernel frames 1\n" + (0..<n).map { "env e\($0) on x0\n" }.joined()
        }
        builds(spec(limit))
        // The 25th env is reported, once, however many follow (256 overflowed
        // the one-byte root capability names as well).
        for n in [limit + 1, 256] {
            check(spec(n), """
                t.exo:28:5: error: too many envs on 'x0': an exokernel holds at most 24
                env e24 on x0
                    ^~~
                hint: each env takes a root capability in the kernel's capability table of 24 entries
                1 error generated.
                """)
        }
        var system = SystemSpec(name: "a", domains: [DomainSpec(name: "x0", kind: .exokernel(ExokernelSpec(
            envs: (0...limit).map { "e\($0)" })), initialFrames: 1)])
        worldRefuses(system)
        system.domains[0].kind = .exokernel(ExokernelSpec(envs: []))
        worldRefuses(system)
    }

    func testTooManyDomains() {
        let limit = SystemLimits.maxDomains
        XCTAssertEqual(limit, 64)
        func spec(_ n: Int) -> String { Self.prelude + (0..<n).map { "domain d\($0)\n" }.joined() }
        builds(spec(limit))
        check(spec(limit + 1), """
            t.exo:67:8: error: too many domains: the hypervisor has 64 domain slots
            domain d64
                   ^~~
            1 error generated.
            """)
        check(Self.prelude + "domain " + (0...limit).map { "d\($0)" }.joined(separator: ", ") + "\n", """
            t.exo:3:\(8 + (0..<limit).map { "d\($0), ".count }.reduce(0, +)): error: too many domains: the hypervisor has 64 domain slots
            domain \((0...limit).map { "d\($0)" }.joined(separator: ", "))
            \(String(repeating: " ", count: 7 + (0..<limit).map { "d\($0), ".count }.reduce(0, +)))^~~
            1 error generated.
            """)
        worldRefuses(SystemSpec(name: "a", domains: (0...limit).map { DomainSpec(name: "d\($0)", kind: .guest, initialFrames: 0) }))
    }

    func testTooManyProcessesOnAnEnv() {
        XCTAssertEqual(SystemLimits.maxProcessesPerEnv, 3)
        let system = Self.prelude + "domain x0 : exokernel frames 1\nenv e0, e1 on x0\n"
        builds(system + "process p0, p1 on e0\nprocess p2 on e0\nprocess q0, q1, q2 on e1\n")
        check(system + "process p0, p1 on e0\nprocess q0 on e1\nprocess p2, p3 on e0\n", """
            t.exo:7:13: error: too many processes on 'e0': an env runs at most 3
            process p2, p3 on e0
                        ^~
            hint: put further processes on another env
            1 error generated.
            """)
    }

    func testGrantEntriesAgreeWithTheHypervisor() {
        XCTAssertEqual(SystemLimits.maxGrantEntries, 512)
        builds(Self.prelude + "hypervisor grant-entries 512\ndomain d0\n")
        check(Self.prelude + "hypervisor grant-entries 513\ndomain d0\n", """
            t.exo:3:26: error: 'grant-entries' must be from 1 to 512, not 513
            hypervisor grant-entries 513
                                     ^~~
            1 error generated.
            """)
        var system = SystemSpec(name: "a", domains: [DomainSpec(name: "d0", kind: .guest, initialFrames: 0)])
        system.hypervisor.grantEntries = 513
        worldRefuses(system)
    }

    // MARK: filters, located in the file

    private static let exo = prelude + "domain x0 : exokernel frames 1\nenv e0 on x0\n"

    func testFilterBlockErrorIsAtTheFileLine() {
        check(Self.exo + """
            filter f0 code |
              ld8 12
              jne 8 reject
              ld8 99999999999999999999
              accept

            """, """
            t.exo:8:7: error: filter f0: 99999999999999999999 is out of range
              ld8 99999999999999999999
                  ^~~~~~~~~~~~~~~~~~~~
            1 error generated.
            """)
        // Blank lines inside the block and extra indentation of one line.
        check(Self.exo + "filter f0 code |\n\n    ld8 12\n\n      jne 8 nowhere\n    accept\n", """
            t.exo:9:13: error: filter f0: no label 'nowhere'
                  jne 8 nowhere
                        ^~~~~~~
            1 error generated.
            """)
        // A missing operand at the very end of the block: just after the opcode.
        check(Self.exo + "filter f0 code |\n  accept\n  ld8\n", """
            t.exo:7:6: error: filter f0: 'ld8' needs more operands
              ld8
                 ^
            1 error generated.
            """)
    }

    func testFilterStringErrorIsAtTheFileColumn() {
        check(Self.exo + "filter f0 code \"ld8 12; jne 8 reject; acept\"\n", """
            t.exo:5:39: error: filter f0: unknown instruction 'acept'
            filter f0 code "ld8 12; jne 8 reject; acept"
                                                  ^~~~~
            1 error generated.
            """)
        // Through an escape: `\n` is one byte of the filter's text, two of the file's.
        check(Self.exo + "filter f1 code \"ld8 12\\njne 8 rejet\"\n", """
            t.exo:5:31: error: filter f1: no label 'rejet'
            filter f1 code "ld8 12\\njne 8 rejet"
                                          ^~~~~
            1 error generated.
            """)
        // Through a string continued on the next line (the break reads as one space).
        check(Self.exo + "filter f2 code \"ld8 12;\n    jne 8 reject; bogus 1\"\n", """
            t.exo:6:19: error: filter f2: unknown instruction 'bogus'
                jne 8 reject; bogus 1"
                              ^~~~~
            1 error generated.
            """)
        // No instruction at all: the whole string.
        check(Self.exo + "filter f3 code \"# nothing\"\n", """
            t.exo:5:16: error: filter f3: the program has no instructions
            filter f3 code "# nothing"
                           ^~~~~~~~~~~
            1 error generated.
            """)
    }

    func testLiteralOffsetsFollowTheDecoders() throws {
        let source = SourceFile(name: "t.exo", text: "x \"a\\tb\nc\" |\n   d\n\n    e\n")
        // The string: a, \t (the backslash), b, the folded break (the newline), c, then the closing quote.
        XCTAssertEqual(Lexer.literalOffsets(source, tokenAt: 2), [3, 4, 6, 7, 8, 9])
        // The block (its token starts at d): d, the break, the blank line's break, the one column of
        // extra indentation kept, e, then just after e.
        let block = try XCTUnwrap(Lexer.literalOffsets(source, tokenAt: 16))
        XCTAssertEqual(block, [16, 17, 18, 22, 23, 24])
        XCTAssertNil(Lexer.literalOffsets(source, tokenAt: 0))
    }
}
