//! Judging: what the specification requires of a command, and whether an engine's result meets
//! it. One rule for every engine: engines only report what happened.

use crosscheck_oracles::{RefHierarchy, RefKind, ScriptResult, ScriptValue, TrapKind, Value};

/// What a directive requires of its command's result.
#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    /// The module compiled and instantiated, or the register succeeded.
    Done,
    /// The invocation returned; with `Some`, values matching these patterns.
    Returns(Option<Vec<RetPattern>>),
    /// A trap; with `Some`, of this kind (see [`super::translate::trap_kind`]).
    Trap(Option<TrapKind>),
    /// Stack exhaustion ([`TrapKind::StackOverflow`]).
    Exhaustion,
    /// An exception that reached the host ([`TrapKind::UncaughtException`]).
    Exception,
    /// The engine refuses to compile the module.
    CompileError,
    /// Instantiation fails without a trap (a missing or mismatched import).
    Unlinkable,
}

/// A float result pattern; `Bits` is the exact IEEE 754 bit pattern.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FloatPattern {
    /// Exactly these bits.
    Bits(u64),
    /// A NaN with only the quiet bit of the payload set (either sign).
    CanonicalNan,
    /// A NaN with the quiet bit set (any payload, either sign).
    ArithmeticNan,
}

/// One lane of a `v128` result pattern.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Lane {
    /// An integer lane of `width` bits (8, 16, 32 or 64), zero-extended.
    Int {
        /// The lane's bits.
        bits: u64,
        /// The lane width in bits.
        width: u32,
    },
    /// An `f32` lane.
    F32(FloatPattern),
    /// An `f64` lane.
    F64(FloatPattern),
}

/// One expected result value.
#[derive(Clone, Debug, PartialEq)]
pub enum RetPattern {
    /// Exactly this integer.
    Exact(Value),
    /// An `f32` result.
    F32(FloatPattern),
    /// An `f64` result.
    F64(FloatPattern),
    /// A `v128` result, lane by lane from the low bits.
    V128(Vec<Lane>),
    /// A null reference, of this hierarchy when given.
    Null(Option<RefHierarchy>),
    /// A non-null externref; of host value `n` when given.
    Extern(Option<u32>),
    /// A non-null anyref internalizing host value `n`.
    Host(u32),
    /// A non-null funcref.
    Func,
    /// A non-null anyref.
    Any,
    /// A non-null eqref.
    Eq,
    /// A non-null array reference.
    Array,
    /// A non-null struct reference.
    Struct,
    /// A non-null i31ref.
    I31,
    /// Any one of these.
    Either(Vec<RetPattern>),
}

/// Judges `result` against `expect`.
///
/// # Errors
///
/// A one-line description of the mismatch, e.g. `expected trap integer-division-by-zero, got
/// returned [i32:0]`.
pub fn judge(expect: &Expect, result: &ScriptResult) -> Result<(), String> {
    let ok = match (expect, result) {
        (Expect::Done, ScriptResult::Done) => true,
        (Expect::Returns(None), ScriptResult::Returned(_)) => true,
        (Expect::Returns(Some(patterns)), ScriptResult::Returned(values)) => {
            patterns.len() == values.len() && patterns.iter().zip(values).all(|(p, v)| matches(p, v))
        }
        (Expect::Trap(want), ScriptResult::Trapped { kind, .. }) => want.is_none() || want == kind,
        (Expect::Exhaustion, ScriptResult::Trapped { kind, .. }) => *kind == Some(TrapKind::StackOverflow),
        (Expect::Exception, ScriptResult::Trapped { kind, .. }) => *kind == Some(TrapKind::UncaughtException),
        (Expect::CompileError, ScriptResult::CompileError(_)) => true,
        (Expect::Unlinkable, ScriptResult::LinkError(_)) => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "expected {}, got {}",
            describe_expect(expect),
            describe_result(result)
        ))
    }
}

fn matches(pattern: &RetPattern, value: &ScriptValue) -> bool {
    use RetPattern as P;
    use ScriptValue as S;
    match (pattern, value) {
        (P::Exact(want), S::Value(got)) => want == got,
        (P::F32(p), S::Value(Value::F32(bits))) => float(*p, u64::from(*bits), 32),
        (P::F64(p), S::Value(Value::F64(bits))) => float(*p, *bits, 64),
        (P::V128(lanes), S::Value(Value::V128(bits))) => v128(lanes, *bits),
        (P::Null(want), S::Value(Value::Ref { hierarchy, null: true })) => want.is_none_or(|h| h == *hierarchy),
        (P::Extern(want), S::Extern(n)) => want.is_none_or(|w| w == *n),
        (P::Extern(None), S::Ref(RefKind::Extern)) => true,
        (P::Host(want), S::Host(n)) => want == n,
        (P::Func, S::Ref(RefKind::Func)) => true,
        (P::Any, S::Host(_) | S::Ref(RefKind::Any | RefKind::I31 | RefKind::Struct | RefKind::Array)) => true,
        (P::Eq, S::Ref(RefKind::I31 | RefKind::Struct | RefKind::Array)) => true,
        (P::Array, S::Ref(RefKind::Array)) => true,
        (P::Struct, S::Ref(RefKind::Struct)) => true,
        (P::I31, S::Ref(RefKind::I31)) => true,
        (P::Either(alternatives), v) => alternatives.iter().any(|p| matches(p, v)),
        _ => false,
    }
}

/// Whether `bits` (a float of `width` bits) matches `pattern`.
fn float(pattern: FloatPattern, bits: u64, width: u32) -> bool {
    let (mantissa_bits, exponent_bits) = if width == 32 { (23, 8) } else { (52, 11) };
    let exponent_mask = ((1u64 << exponent_bits) - 1) << mantissa_bits;
    let mantissa_mask = (1u64 << mantissa_bits) - 1;
    let quiet = 1u64 << (mantissa_bits - 1);
    let is_nan = bits & exponent_mask == exponent_mask && bits & mantissa_mask != 0;
    match pattern {
        FloatPattern::Bits(want) => want == bits,
        FloatPattern::CanonicalNan => is_nan && bits & mantissa_mask == quiet,
        FloatPattern::ArithmeticNan => is_nan && bits & quiet != 0,
    }
}

fn v128(lanes: &[Lane], bits: u128) -> bool {
    let width = |lane: &Lane| match lane {
        Lane::Int { width, .. } => *width,
        Lane::F32(_) => 32,
        Lane::F64(_) => 64,
    };
    let mut shift = 0;
    lanes.iter().all(|lane| {
        let w = width(lane);
        let lane_bits = ((bits >> shift) & ((1u128 << w) - 1)) as u64;
        shift += w;
        match lane {
            Lane::Int { bits, .. } => *bits == lane_bits,
            Lane::F32(p) => float(*p, lane_bits, 32),
            Lane::F64(p) => float(*p, lane_bits, 64),
        }
    })
}

fn describe_expect(expect: &Expect) -> String {
    match expect {
        Expect::Done => "success".into(),
        Expect::Returns(None) => "a return".into(),
        Expect::Returns(Some(p)) => format!("returned {p:?}"),
        Expect::Trap(Some(kind)) => format!("trap {kind}"),
        Expect::Trap(None) => "a trap".into(),
        Expect::Exhaustion => "stack exhaustion".into(),
        Expect::Exception => "an uncaught exception".into(),
        Expect::CompileError => "a compile error".into(),
        Expect::Unlinkable => "a link error".into(),
    }
}

fn describe_result(result: &ScriptResult) -> String {
    let line = match result {
        ScriptResult::Done => "success".into(),
        ScriptResult::Returned(values) => {
            let v: Vec<String> = values.iter().map(describe_value).collect();
            format!("returned [{}]", v.join(", "))
        }
        ScriptResult::Trapped {
            kind: Some(kind),
            message,
        } => format!("trap {kind} ({message})"),
        ScriptResult::Trapped { kind: None, message } => format!("unmapped trap ({message})"),
        ScriptResult::CompileError(m) => format!("compile error ({m})"),
        ScriptResult::LinkError(m) => format!("link error ({m})"),
        ScriptResult::Unsupported(m) => format!("unsupported ({m})"),
        ScriptResult::Refused(m) => format!("refused ({m})"),
        ScriptResult::Crashed(m) => format!("crash ({m})"),
    };
    let line = line.replace('\n', " ");
    match line.char_indices().nth(240) {
        Some((cut, _)) => format!("{}...", &line[..cut]),
        None => line,
    }
}

fn describe_value(value: &ScriptValue) -> String {
    match value {
        ScriptValue::Value(v) => v.to_string(),
        ScriptValue::Extern(n) => format!("ref.extern {n}"),
        ScriptValue::Host(n) => format!("ref.host {n}"),
        ScriptValue::Ref(kind) => format!("{kind:?} ref"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_patterns_follow_the_specification() {
        assert!(float(FloatPattern::CanonicalNan, 0x7fc0_0000, 32));
        assert!(float(FloatPattern::CanonicalNan, 0xffc0_0000, 32));
        assert!(!float(FloatPattern::CanonicalNan, 0x7fc0_0001, 32));
        assert!(float(FloatPattern::ArithmeticNan, 0x7fc0_0001, 32));
        assert!(!float(FloatPattern::ArithmeticNan, 0x7f80_0001, 32));
        assert!(!float(FloatPattern::ArithmeticNan, 0x7f80_0000, 32));
        assert!(float(FloatPattern::CanonicalNan, 0x7ff8_0000_0000_0000, 64));
    }

    #[test]
    fn v128_lanes_are_read_from_the_low_bits() {
        let lanes = [
            Lane::Int { bits: 1, width: 32 },
            Lane::Int { bits: 2, width: 32 },
            Lane::Int { bits: 0, width: 64 },
        ];
        assert!(v128(&lanes, 1 | (2 << 32)));
        assert!(!v128(&lanes, 2 | (1 << 32)));
    }

    #[test]
    fn a_wrong_trap_kind_or_a_return_fails() {
        let trap = |kind| ScriptResult::Trapped {
            kind: Some(kind),
            message: String::new(),
        };
        let expect = Expect::Trap(Some(TrapKind::IntegerDivisionByZero));
        assert!(judge(&expect, &trap(TrapKind::IntegerDivisionByZero)).is_ok());
        assert!(judge(&expect, &trap(TrapKind::IntegerOverflow)).is_err());
        assert!(judge(&Expect::Trap(None), &trap(TrapKind::IntegerOverflow)).is_ok());
        assert!(judge(&expect, &ScriptResult::Returned(vec![])).is_err());
        let one = Expect::Returns(Some(vec![RetPattern::Exact(Value::I32(1))]));
        assert!(judge(&one, &ScriptResult::Returned(vec![ScriptValue::Value(Value::I32(2))])).is_err());
    }
}
