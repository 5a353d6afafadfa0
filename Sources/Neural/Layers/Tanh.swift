#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tanh(x)`; derivative `1 − y²`.
public enum TanhFunction: PointwiseFunction {
    @inlinable @inline(__always) public static func value(_ x: Float) -> Float { tanhf(x) }
    @inlinable @inline(__always) public static func derivative(output y: Float) -> Float { 1 - y * y }
}

/// The hyperbolic-tangent layer.
public typealias Tanh = PointwiseActivation<TanhFunction>
