/// `max(x, 0)`; derivative 1 where the output is positive, else 0.
public enum ReLUFunction: PointwiseFunction {
    @inlinable @inline(__always) public static func value(_ x: Float) -> Float { max(x, 0) }
    @inlinable @inline(__always) public static func derivative(output y: Float) -> Float { y > 0 ? 1 : 0 }
}

/// The rectified linear unit layer.
public typealias ReLU = PointwiseActivation<ReLUFunction>
