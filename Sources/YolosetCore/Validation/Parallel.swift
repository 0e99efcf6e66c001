internal import Dispatch
internal import Synchronization

/// Work spread over threads: each thread takes the next index until none is left, so uneven items
/// (a large image beside small ones) keep every core busy.
enum Parallel {
    /// `each(index, &state)` for every index below `count`, on up to `workers` threads, each with its own
    /// `state` (buffers, decoders); the results in index order.
    static func map<State, T>(
        count: Int, workers: Int, state makeState: @Sendable () -> State, each body: @Sendable (Int, inout State) -> T
    ) -> [T] {
        guard count > 0 else { return [] }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        let slots = SendableSlots(results)
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(max(workers, 1), count)) { _ in
            var state = makeState()
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { break }
                slots.buffer[index] = body(index, &state)
            }
        }
        return results.map { $0! }
    }

    /// `map` without per-thread state.
    static func map<T>(count: Int, workers: Int, _ body: @Sendable (Int) -> T) -> [T] {
        map(count: count, workers: workers, state: {}, each: { index, _ in body(index) })
    }
}
