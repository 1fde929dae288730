//! Argument values for call plans: half of them edge values, half arbitrary bits.

use arbitrary::{Result, Unstructured};
use crosscheck_oracles::{ValType, Value};

const I32_EDGES: &[i32] = &[
    0,
    1,
    -1,
    2,
    i32::MIN,
    i32::MAX,
    0x7f,
    0x80,
    0xff,
    0xffff,
    0x1_0000,
    0xfffc,
    0x7fff_fffc,
];

const I64_EDGES: &[i64] = &[
    0,
    1,
    -1,
    i64::MIN,
    i64::MAX,
    0xffff_ffff,
    0x1_0000_0000,
    i32::MIN as i64,
    i32::MAX as i64,
    0x1_0000,
    0xffff_fffc,
];

const F32_EDGES: &[f32] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    f32::NAN,
    f32::INFINITY,
    f32::NEG_INFINITY,
    f32::MIN_POSITIVE,
    f32::MAX,
    f32::MIN,
    2147483648.0,
    -2147483904.0,
    4294967296.0,
    9.223372e18,
    1.0e-45,
];

const F64_EDGES: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::MIN_POSITIVE,
    f64::MAX,
    f64::MIN,
    2147483647.9999998,
    -2147483648.9999998,
    4294967296.0,
    9223372036854775808.0,
    -9223372036854777856.0,
    5.0e-324,
];

/// An argument of type `ty`: with probability 1/2 an edge value (zero, ±1, MIN, MAX, NaN, ±inf,
/// float-to-int conversion boundaries, page boundaries), otherwise arbitrary bits. Reference
/// arguments are always null.
///
/// # Errors
///
/// Only if `u` fails, which it does not on exhaustion (it then yields zeros).
pub fn argument(u: &mut Unstructured, ty: ValType) -> Result<Value> {
    let edge = u.arbitrary::<bool>()?;
    Ok(match ty {
        ValType::I32 if edge => Value::I32(*u.choose(I32_EDGES)?),
        ValType::I32 => Value::I32(u.arbitrary()?),
        ValType::I64 if edge => Value::I64(*u.choose(I64_EDGES)?),
        ValType::I64 => Value::I64(u.arbitrary()?),
        ValType::F32 if edge => Value::F32(u.choose(F32_EDGES)?.to_bits()),
        ValType::F32 => Value::F32(u.arbitrary()?),
        ValType::F64 if edge => Value::F64(u.choose(F64_EDGES)?.to_bits()),
        ValType::F64 => Value::F64(u.arbitrary()?),
        ValType::V128 if edge => {
            let lane = *u.choose(I32_EDGES)? as u32 as u128;
            Value::V128(lane * 0x0000_0001_0000_0001_0000_0001_0000_0001)
        }
        ValType::V128 => Value::V128(u.arbitrary()?),
        ValType::Ref(_) => Value::zero(ty),
    })
}
