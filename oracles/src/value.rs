//! Wasm values as every engine adapter reports them, and the equality the harness applies to them.

use serde::{Deserialize, Serialize};

/// The hierarchy a reference belongs to, named after its top heap type.
///
/// References are compared by hierarchy and null-ness only: the identity of a non-null reference is
/// private to one engine's store and has no meaning across engines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefHierarchy {
    /// `funcref` and its subtypes.
    Func,
    /// `externref` and its subtypes.
    Extern,
    /// `anyref` and its subtypes (GC proposal).
    Any,
    /// `exnref` and its subtypes (exception-handling proposal).
    Exn,
}

/// A value type as the harness sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit IEEE 754 float.
    F32,
    /// 64-bit IEEE 754 float.
    F64,
    /// 128-bit vector (SIMD proposal).
    V128,
    /// A nullable reference of an abstract heap type in the given hierarchy.
    Ref(RefHierarchy),
}

/// A Wasm value. Floats are kept as their bit patterns so that a value round-trips exactly through
/// JSON and between processes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Value {
    /// `i32`.
    I32(i32),
    /// `i64`.
    I64(i64),
    /// `f32`, as its IEEE 754 bits.
    F32(u32),
    /// `f64`, as its IEEE 754 bits.
    F64(u64),
    /// `v128`, as a little-endian 128-bit integer.
    V128(u128),
    /// A reference; only its hierarchy and whether it is null are observable.
    Ref {
        /// The reference's hierarchy.
        hierarchy: RefHierarchy,
        /// Whether the reference is null.
        null: bool,
    },
}

impl Value {
    /// The type of this value.
    pub fn ty(&self) -> ValType {
        match self {
            Value::I32(_) => ValType::I32,
            Value::I64(_) => ValType::I64,
            Value::F32(_) => ValType::F32,
            Value::F64(_) => ValType::F64,
            Value::V128(_) => ValType::V128,
            Value::Ref { hierarchy, .. } => ValType::Ref(*hierarchy),
        }
    }

    /// The zero (or null) value of a type.
    pub fn zero(ty: ValType) -> Value {
        match ty {
            ValType::I32 => Value::I32(0),
            ValType::I64 => Value::I64(0),
            ValType::F32 => Value::F32(0),
            ValType::F64 => Value::F64(0),
            ValType::V128 => Value::V128(0),
            ValType::Ref(hierarchy) => Value::Ref { hierarchy, null: true },
        }
    }

    /// Divergence equality (docs/design.md, class `result`): bit-for-bit, except that any `f32` NaN
    /// equals any `f32` NaN and any `f64` NaN equals any `f64` NaN. The Wasm specification leaves
    /// NaN payloads nondeterministic (spec 4.3.3, "NaN propagation"), so a payload difference is
    /// never a divergence. `v128` lanes are compared bit for bit: generated modules canonicalize NaNs.
    pub fn same_as(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::F32(a), Value::F32(b)) => a == b || (f32::from_bits(*a).is_nan() && f32::from_bits(*b).is_nan()),
            (Value::F64(a), Value::F64(b)) => a == b || (f64::from_bits(*a).is_nan() && f64::from_bits(*b).is_nan()),
            _ => self == other,
        }
    }
}

/// [`Value::same_as`] over two value lists of possibly different lengths.
pub fn same_values(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_as(y))
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::I32(v) => write!(f, "i32:{v}"),
            Value::I64(v) => write!(f, "i64:{v}"),
            Value::F32(bits) => write!(f, "f32:{}", f32::from_bits(*bits)),
            Value::F64(bits) => write!(f, "f64:{}", f64::from_bits(*bits)),
            Value::V128(bits) => write!(f, "v128:{bits:#034x}"),
            Value::Ref { hierarchy, null } => {
                let h = format!("{hierarchy:?}").to_lowercase();
                if *null {
                    write!(f, "{h}ref:null")
                } else {
                    write!(f, "{h}ref:non-null")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_payloads_are_equal_but_signed_zeros_are_not() {
        let quiet = Value::F32(0x7fc0_0000);
        let payload = Value::F32(0x7fc0_0001);
        assert!(quiet.same_as(&payload));
        assert!(!Value::F32(0).same_as(&Value::F32(0x8000_0000)));
        assert!(Value::F64(f64::NAN.to_bits()).same_as(&Value::F64(0xfff8_0000_0000_0001)));
        assert!(!Value::F64(1.0f64.to_bits()).same_as(&Value::F64(f64::NAN.to_bits())));
    }

    #[test]
    fn vectors_and_integers_compare_bit_for_bit() {
        assert!(!Value::V128(1).same_as(&Value::V128(3)));
        assert!(!Value::I32(1).same_as(&Value::I64(1)));
        assert!(!same_values(&[Value::I32(1)], &[Value::I32(1), Value::I32(1)]));
    }
}
