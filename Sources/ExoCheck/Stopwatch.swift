import Dispatch

/// Monotonic wall-clock time since a start point. Used only for the time
/// bound, progress and reported speed: never for what the search does.
struct Stopwatch {
    private let start = DispatchTime.now().uptimeNanoseconds

    var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds &- start) / 1e9 }
}
