import XCTest
@testable import ExoCore

/// Checks libxxhash, as we call it, against xxHash's published sanity vectors
/// (`cli/xsum_sanity_check.c`): a wrong seed, length or byte order in our
/// binding would change every fingerprint we ever wrote.
final class HashVectorTests: XCTestCase {
    static let prime32: UInt64 = 2_654_435_761
    static let prime64: UInt64 = 0x9E37_79B1_85EB_CA8D

    /// xxHash's sanity buffer: byte i is the top byte of PRIME32 * PRIME64^i.
    static func sanityBuffer(_ length: Int) -> [UInt8] {
        var gen = prime32
        return (0..<length).map { _ in
            let b = UInt8(truncatingIfNeeded: gen >> 56)
            gen = gen &* prime64
            return b
        }
    }

    func testXXH3_64Empty() {
        XCTAssertEqual(XXH3.hash64([]), 0x2D06_8005_38D3_94C2)
        XCTAssertEqual(XXH3.hash64([], seed: Self.prime64), 0xA8A6_B918_B2F0_364A)
    }

    func testXXH3_64SanityBuffer() {
        let cases: [(Int, UInt64, UInt64)] = [
            (1, 0, 0xC44B_DFF4_074E_ECDB), (1, Self.prime64, 0x032B_E332_DD76_6EF8),
            (6, 0, 0x27B5_6A84_CD2D_7325), (6, Self.prime64, 0x8458_9C11_6AB5_9AB9),
            (12, 0, 0xA713_DAF0_DFBB_77E7), (12, Self.prime64, 0xE730_3E1B_2336_DE0E),
            (24, 0, 0xA3FE_70BF_9D35_10EB), (24, Self.prime64, 0x850E_80FC_35BD_D690),
            (48, 0, 0x397D_A259_ECBA_1F11), (48, Self.prime64, 0xADC2_CBAA_44AC_C616),
            (80, 0, 0xBCDE_FBBB_2C47_C90A), (80, Self.prime64, 0xC6DD_0CB6_9953_2E73),
            (195, 0, 0xCD94_217E_E362_EC3A), (195, Self.prime64, 0xBA68_003D_370C_B3D9),
            // Past 240 bytes, XXH3's long path: the one every state's
            // fingerprint takes (an encoding is a few hundred bytes).
            (403, 0, 0xCDEB_804D_65C6_DEA4), (403, Self.prime64, 0x6259_F6EC_FD64_43FD),
            (512, 0, 0x617E_4959_9013_CB6B), (512, Self.prime64, 0x3CE4_57DE_14C2_7708),
            (2048, 0, 0xDD59_E2C3_A5F0_38E0), (2048, Self.prime64, 0x66F8_1670_669A_BABC),
            (2367, 0, 0xCB37_AEB9_E5D3_61ED), (2367, Self.prime64, 0xD2DB_3415_B942_B42A),
        ]
        for (len, seed, want) in cases {
            XCTAssertEqual(XXH3.hash64(Self.sanityBuffer(len), seed: seed), want, "len \(len) seed \(seed)")
        }
    }

    func testXXH3_128Vectors() {
        XCTAssertEqual(XXH3.hash128([]), Fingerprint128(high: 0x99AA_06D3_0147_98D8, low: 0x6001_C324_468D_497F))
        XCTAssertEqual(XXH3.hash128([]).description, "99aa06d3014798d86001c324468d497f")
        let cases: [(Int, UInt64, UInt64, UInt64)] = [  // (len, seed, low, high)
            (1, 0, 0xC44B_DFF4_074E_ECDB, 0xA6CD_5E93_9200_0F6A),
            (1, Self.prime32, 0xB53D_5557_E7F7_6F8D, 0x89B9_9554_BA22_467C),
            (12, 0, 0x061A_1927_13F6_9AD9, 0x6E3E_FD8F_C780_2B18),
            (48, Self.prime32, 0x7BA3_C3E4_53A1_934E, 0x163A_DDE3_6C07_2295),
            (81, 0, 0x5E8B_AFB9_F95F_B803, 0x4952_F581_81AB_0042),
            (222, 0, 0xF1AE_BD59_7CEC_6B3A, 0x337E_0964_1B94_8717),
            (403, 0, 0xCDEB_804D_65C6_DEA4, 0x1B6D_E21E_332D_D73D),
            (512, Self.prime64, 0x3CE4_57DE_14C2_7708, 0x925D_06B8_EC5B_8040),
            (2240, Self.prime32, 0xED38_5111_126F_BA6F, 0x50A1_FE17_B338_995F),
            (2367, 0, 0xCB37_AEB9_E5D3_61ED, 0xE89C_0F6F_F369_B427),
        ]
        for (len, seed, low, high) in cases {
            XCTAssertEqual(XXH3.hash128(Self.sanityBuffer(len), seed: seed), Fingerprint128(high: high, low: low), "len \(len)")
        }
    }

    func testEncoderFingerprintIsHashOfBytes() {
        var e = CanonicalEncoder()
        e.u32(7); e.string("frame")
        XCTAssertEqual(e.fingerprint64(), XXH3.hash64(e.bytes))
        XCTAssertEqual(e.fingerprint128(), XXH3.hash128(e.bytes))
        XCTAssertEqual(hex64(0xAB), "00000000000000ab")
    }
}

/// Published vectors for our generators: xoshiro256** from the raw state
/// {1, 2, 3, 4} and SplitMix64 from seed 1234567.
final class PRNGTests: XCTestCase {
    func testXoshiro256StarStarVector() {
        var r = PRNG(state: (1, 2, 3, 4))
        let got = (0..<6).map { _ in r.next() }
        XCTAssertEqual(got, [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240,
                             1_216_172_134_540_287_360, 607_988_272_756_665_600])
    }

    func testSplitMix64Vector() {
        var s = SplitMix64(state: 1_234_567)
        let got = (0..<5).map { _ in s.next() }
        XCTAssertEqual(got, [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                             4_593_380_528_125_082_431, 16_408_922_859_458_223_821])
    }

    func testSeedingIsSplitMixExpansion() {
        var sm = SplitMix64(state: 42)
        let words = (0..<4).map { _ in sm.next() }
        var a = PRNG(seed: 42)
        var b = PRNG(state: (words[0], words[1], words[2], words[3]))
        for _ in 0..<100 { XCTAssertEqual(a.next(), b.next()) }
    }

    func testBelowStaysInRangeAndCoversIt() {
        var r = PRNG(seed: 7)
        var seen = [Int](repeating: 0, count: 5)
        for _ in 0..<5000 {
            let v = r.below(5)
            XCTAssertLessThan(v, 5)
            seen[Int(v)] += 1
        }
        // Each bucket expects 1000; a biased or broken reduction lands far off.
        for c in seen { XCTAssertTrue((850...1150).contains(c), "bucket count \(c)") }
    }

    func testChanceIsIntegerRatio() {
        var r = PRNG(seed: 99)
        XCTAssertFalse((0..<100).contains { _ in r.chance(0, in: 3) })
        XCTAssertTrue((0..<100).allSatisfy { _ in r.chance(3, in: 3) })
        let hits = (0..<9000).filter { _ in r.chance(1, in: 3) }.count
        XCTAssertTrue((2700...3300).contains(hits), "hits \(hits)")
    }

    func testCopyForksTheStream() {
        var a = PRNG(seed: 5)
        _ = a.next()
        var b = a
        XCTAssertEqual(a.next(), b.next())
    }
}

final class TimerQueueTests: XCTestCase {
    struct P: Equatable, Codable, CanonicalEncodable {
        var id: UInt8
        func encode(into e: inout CanonicalEncoder) { e.u8(id) }
    }

    func testOrderedByDueThenInsertion() {
        var q = TimerQueue<P>()
        q.schedule(at: 5, P(id: 1))
        q.schedule(at: 3, P(id: 2))
        q.schedule(at: 5, P(id: 3))
        q.schedule(at: 3, P(id: 4))
        XCTAssertNil(q.popDue(now: 2))
        var fired: [UInt8] = []
        while let e = q.popDue(now: 10) { fired.append(e.payload.id) }
        XCTAssertEqual(fired, [2, 4, 1, 3])
    }

    func testRelativeEncodingIgnoresAbsoluteTime() {
        var a = TimerQueue<P>(), b = TimerQueue<P>()
        a.schedule(at: 12, P(id: 1))
        b.schedule(at: 102, P(id: 1))
        var ea = CanonicalEncoder(), eb = CanonicalEncoder()
        a.encodeRelative(now: 10, into: &ea)
        b.encodeRelative(now: 100, into: &eb)
        XCTAssertEqual(ea.bytes, eb.bytes)
        var ec = CanonicalEncoder()
        b.encodeRelative(now: 99, into: &ec)
        XCTAssertNotEqual(ea.bytes, ec.bytes)
    }

    func testCancel() {
        var q = TimerQueue<P>()
        q.schedule(at: 1, P(id: 1)); q.schedule(at: 2, P(id: 2)); q.schedule(at: 3, P(id: 1))
        XCTAssertEqual(q.cancel { $0.id == 1 }, 2)
        XCTAssertEqual(q.first?.payload.id, 2)
    }
}
