import XCTest
import ExoCore
@testable import ExoKernel

/// Random filter programs and packets from ExoCore's PRNG (fixed seeds).
struct FilterGenerator {
    var rng: PRNG
    let limits = FilterLimits(maxLength: 12, maxPacketLength: 16, memorySize: 4)

    init(seed: UInt64) { rng = PRNG(seed: seed) }

    mutating func small() -> UInt32 { [0, 1, 2, 7, 8, 0x08, 0x0800, 0xFF, 0xFFFF_FFFF][rng.index(9)] }

    mutating func target(pc: Int, count: Int, forwardOnly: Bool) -> FilterTarget {
        switch rng.index(4) {
        case 0: return .accept
        case 1: return .reject
        default:
            if forwardOnly {
                return pc + 1 < count ? .at(pc + 1 + rng.index(count - pc - 1)) : .reject
            }
            return .at(rng.index(count + 1))
        }
    }

    mutating func program(forwardOnly: Bool) -> [FilterInstruction] {
        let n = 1 + rng.index(limits.maxLength)
        var p: [FilterInstruction] = []
        for pc in 0..<n {
            switch rng.index(9) {
            case 0, 1: p.append(.load(width: [1, 2, 4][rng.index(3)], offset: rng.index(limits.maxPacketLength + 3)))
            case 2: p.append(.loadImmediate(small()))
            case 3: p.append(.and(small()))
            case 4, 5: p.append(.jump(FilterCondition.allCases[rng.index(4)], small(), target(pc: pc, count: n, forwardOnly: forwardOnly)))
            case 6: p.append(.goto(target(pc: pc, count: n, forwardOnly: forwardOnly)))
            case 7: p.append(.store(offset: rng.index(limits.memorySize + 2)))
            default: p.append(rng.chance(1, in: 2) ? .accept : .reject)
            }
        }
        return p
    }

    mutating func packet() -> [UInt8] {
        (0..<rng.index(limits.maxPacketLength + 1)).map { _ in UInt8(truncatingIfNeeded: small()) }
    }
}

final class FilterTests: XCTestCase {
    let limits = FilterLimits(maxLength: 12, maxPacketLength: 16, memorySize: 4)

    func run(_ p: [FilterInstruction], _ pkt: [UInt8]) -> FilterResult {
        var mem = [UInt8](repeating: 0, count: 8)
        return FilterInterpreter.run(p, packet: pkt, memory: &mem, base: 0, fuel: 12)
    }

    func testInterpreterOnAnEtherTypeFilter() throws {
        let p = try FilterText.parse("ld16 12; jne 0x0800 reject; ld8 23; jeq 17 accept; reject")
        var ip = [UInt8](repeating: 0, count: 24)
        ip[12] = 0x08; ip[23] = 17
        XCTAssertEqual(run(p, ip), .accept)
        ip[23] = 6
        XCTAssertEqual(run(p, ip), .reject)
        ip[12] = 0x86
        XCTAssertEqual(run(p, ip), .reject)
        XCTAssertEqual(run(p, Array(ip.prefix(13))), .fault, "a load past the end of a short packet faults")
    }

    func testStoresGoToTheEnvironmentsMemory() {
        var mem = [UInt8](repeating: 0, count: 8)
        let p: [FilterInstruction] = [.load(width: 1, offset: 0), .store(offset: 1), .accept]
        XCTAssertEqual(FilterInterpreter.run(p, packet: [42], memory: &mem, base: 4, fuel: 12), .accept)
        XCTAssertEqual(mem, [0, 0, 0, 0, 0, 42, 0, 0])
        XCTAssertEqual(FilterInterpreter.run([.store(offset: 9), .accept], packet: [], memory: &mem, base: 0, fuel: 12), .fault)
    }

    func testVerifierRejectsWhatItMust() {
        XCTAssertEqual(FilterVerifier.verify([], limits: limits), .empty)
        XCTAssertEqual(FilterVerifier.verify(Array(repeating: .accept, count: 13), limits: limits), .tooLong(count: 13, limit: 12))
        XCTAssertEqual(FilterVerifier.verify([.loadImmediate(1), .goto(.at(0))], limits: limits), .backwardJump(pc: 1, target: 0))
        XCTAssertEqual(FilterVerifier.verify([.jump(.eq, 1, .at(0))], limits: limits), .backwardJump(pc: 0, target: 0))
        XCTAssertEqual(FilterVerifier.verify([.goto(.at(5)), .accept], limits: limits), .targetOutOfRange(pc: 0, target: 5))
        XCTAssertEqual(FilterVerifier.verify([.load(width: 4, offset: 13), .accept], limits: limits), .loadOutOfBounds(pc: 0))
        XCTAssertEqual(FilterVerifier.verify([.load(width: 3, offset: 0)], limits: limits), .badWidth(pc: 0))
        XCTAssertEqual(FilterVerifier.verify([.store(offset: 4)], limits: limits), .storeOutOfBounds(pc: 0))
        XCTAssertEqual(FilterVerifier.verify([.store(offset: -1)], limits: limits), .storeOutOfBounds(pc: 0))
        XCTAssertNil(FilterVerifier.verify([.load(width: 4, offset: 12), .store(offset: 3), .jump(.gt, 2, .at(3)), .accept], limits: limits))
        XCTAssertNil(FilterVerifier.verify([.loadImmediate(1), .goto(.at(0))], limits: limits, mutants: .verifierAllowsBackwardJump))
        XCTAssertNil(FilterVerifier.verify([.load(width: 4, offset: 100)], limits: limits, mutants: .verifierSkipsBoundsCheck))
    }

    func testVerifiedProgramsTerminateWithinTheirLength() {
        var g = FilterGenerator(seed: 11)
        var verified = 0
        for _ in 0..<2000 {
            let p = g.program(forwardOnly: true)
            guard FilterVerifier.verify(p, limits: limits) == nil else { continue }
            verified += 1
            for _ in 0..<4 {
                var mem = [UInt8](repeating: 0, count: limits.memorySize)
                // Fuel equal to the program's length is always enough.
                XCTAssertNotEqual(FilterInterpreter.run(p, packet: g.packet(), memory: &mem, base: 0, fuel: p.count), .outOfFuel,
                                  FilterText.format(p))
            }
        }
        XCTAssertGreaterThan(verified, 300, "the generator should produce many verifiable programs")
    }

    /// The closure translation agrees with the interpreter on verdict and
    /// memory, for verified programs and for arbitrary ones (backward jumps,
    /// out-of-range targets, out-of-bounds offsets, exhausted fuel).
    func testInterpreterAndClosuresAgree() {
        for (seed, forwardOnly) in [(UInt64(1), true), (2, false), (3, true), (4, false)] {
            var g = FilterGenerator(seed: seed)
            var outcomes = [FilterResult: Int]()
            for _ in 0..<1500 {
                let p = g.program(forwardOnly: forwardOnly)
                let compiled = CompiledFilter(p)
                for _ in 0..<4 {
                    let pkt = g.packet()
                    let fuel = 1 + g.rng.index(14)
                    var m1 = [UInt8](repeating: 0, count: 8), m2 = m1
                    let r1 = FilterInterpreter.run(p, packet: pkt, memory: &m1, base: 2, fuel: fuel)
                    let r2 = compiled.run(packet: pkt, memory: &m2, base: 2, fuel: fuel)
                    XCTAssertEqual(r1, r2, "verdicts differ on \(FilterText.format(p)) packet \(pkt) fuel \(fuel)")
                    XCTAssertEqual(m1, m2, "memory differs on \(FilterText.format(p))")
                    outcomes[r1, default: 0] += 1
                }
            }
            XCTAssertEqual(outcomes.count, 4, "seed \(seed) should exercise every kind of outcome: \(outcomes)")
        }
    }

    func testTextRoundTrip() throws {
        var g = FilterGenerator(seed: 5)
        for _ in 0..<500 {
            let p = g.program(forwardOnly: false)
            XCTAssertEqual(try FilterText.parse(FilterText.format(p)), p)
        }
    }

    func testLabelsCommentsAndNewlines() throws {
        let text = """
        ld16 12, # EtherType
        jne 0x0800, reject
        ld8 23; jeq 17 udp
        reject
        udp: st8 0; accept
        """
        let expected: [FilterInstruction] = [
            .load(width: 2, offset: 12), .jump(.ne, 0x0800, .reject), .load(width: 1, offset: 23),
            .jump(.eq, 17, .at(5)), .reject, .store(offset: 0), .accept,
        ]
        XCTAssertEqual(try FilterText.parse(text), expected)
    }

    func testParseErrorsCarryPositions() {
        func error(_ text: String) -> FilterParseError? {
            do { _ = try FilterText.parse(text); return nil } catch { return error as? FilterParseError }
        }
        XCTAssertEqual(error("ld8 12; jnx 3 reject"), FilterParseError(.unknownOpcode("jnx"), line: 1, column: 9))
        XCTAssertEqual(error("ld8 1z"), FilterParseError(.badNumber("1z"), line: 1, column: 5))
        XCTAssertEqual(error("ld8"), FilterParseError(.missingOperand(opcode: "ld8"), line: 1, column: 4))
        XCTAssertEqual(error("accept 3"), FilterParseError(.extraOperand("3"), line: 1, column: 8))
        XCTAssertEqual(error("ldi 0x1FFFFFFFF"), FilterParseError(.numberOutOfRange("0x1FFFFFFFF"), line: 1, column: 5))
        XCTAssertEqual(error("accept\nja nowhere"), FilterParseError(.unknownLabel("nowhere"), line: 2, column: 4))
        XCTAssertEqual(error("a: accept\na: reject"), FilterParseError(.duplicateLabel("a"), line: 2, column: 1))
        XCTAssertEqual(error("jeq 1 %x"), FilterParseError(.badTarget("%x"), line: 1, column: 7))
        XCTAssertEqual(error("# nothing"), FilterParseError(.emptyProgram, line: 1, column: 1))
        XCTAssertEqual(error("ld8 1z")?.description, "1:5: '1z' is not a number")
    }
}
