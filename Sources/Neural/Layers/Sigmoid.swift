#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The logistic function `1 / (1 + e^(−x))`; derivative `y·(1 − y)`.
public enum SigmoidFunction: PointwiseFunction {
    /// Written so that neither branch overflows `expf`.
    @inline(__always)
    public static func value(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + expf(-x)) }
        let e = expf(x)
        return e / (1 + e)
    }
    @inlinable @inline(__always) public static func derivative(output y: Float) -> Float { y * (1 - y) }
}

/// The logistic (sigmoid) layer.
public typealias Sigmoid = PointwiseActivation<SigmoidFunction>
