/// The median of `xs` (the mean of the middle two for an even count; 0 when
/// empty). Benchmarks report medians of alternating runs, not single passes.
public func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    if s.isEmpty { return 0 }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
