//! Edge values: the arguments of call plans (half of them edge values, half arbitrary bits) and
//! the dictionaries the `edge`, `isle` and `ops` strategies draw constants from.

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

/// The integer constants compilers special-case, for a `bits`-bit type (8, 16, 32 or 64), as
/// zero-extended bits: 0, ±1, MIN, MAX and their neighbours, every power of two and its
/// neighbours, and the shift amounts 8, 16, 31, 32, 33, 63, 64 with theirs. Each value once.
///
/// # Panics
///
/// For another width.
pub fn int_dictionary(bits: u32) -> &'static [u64] {
    use std::sync::OnceLock;
    static TABLES: [OnceLock<Vec<u64>>; 4] = [const { OnceLock::new() }; 4];
    let slot = match bits {
        8 => 0,
        16 => 1,
        32 => 2,
        64 => 3,
        _ => panic!("no {bits}-bit integer type"),
    };
    TABLES[slot].get_or_init(|| {
        let mask = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
        let min = 1u64 << (bits - 1);
        let mut out = Vec::new();
        let mut push = |v: u64| {
            let v = v & mask;
            if !out.contains(&v) {
                out.push(v);
            }
        };
        for centre in [0u64, min, min - 1] {
            for delta in [0u64, 1, 2] {
                push(centre.wrapping_add(delta));
                push(centre.wrapping_sub(delta));
            }
        }
        for k in 1..bits {
            let p = 1u64 << k;
            push(p);
            push(p - 1);
            push(p + 1);
            push(p.wrapping_neg());
        }
        for amount in [8u64, 16, 31, 32, 33, 63, 64] {
            push(amount - 1);
            push(amount);
            push(amount + 1);
        }
        out
    })
}

/// The five values of a `bits`-bit integer type (8, 16, 32 or 64) that most rules and most bugs
/// turn on: 0, 1, -1, MIN and MAX, as zero-extended bits. [`int_edge`] draws them half the time.
pub fn int_core(bits: u32) -> [u64; 5] {
    let mask = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
    let min = 1u64 << (bits - 1);
    [0, 1, mask, min, min - 1]
}

/// An edge constant of a `bits`-bit integer type, as zero-extended bits: half the time one of
/// [`int_core`], else any value of [`int_dictionary`]. A flat draw from the dictionary (about 130
/// values for `i32`) would give MIN once in 130 draws, and a pair such as `rem_s(MIN, -1)` once in
/// 17,000.
///
/// # Errors
///
/// Only if `u` fails.
pub fn int_edge(u: &mut Unstructured, bits: u32) -> Result<u64> {
    if u.arbitrary::<bool>()? {
        Ok(*u.choose(&int_core(bits))?)
    } else {
        Ok(*u.choose(int_dictionary(bits))?)
    }
}

/// Two operands of a `bits`-bit integer type at which two-operand instructions have their edges,
/// as zero-extended bits: (MIN, -1), where signed division overflows; two equal values (a
/// compare, subtraction or xor of a value with itself); a value and the bit width (a shift or
/// rotate by the width); a value and zero (division by zero, the identities); a value and its
/// negation. The values are [`int_edge`]s.
///
/// # Errors
///
/// Only if `u` fails.
pub fn int_pair(u: &mut Unstructured, bits: u32) -> Result<(u64, u64)> {
    let [_, _, minus_one, min, _] = int_core(bits);
    let x = int_edge(u, bits)?;
    Ok(match u.int_in_range(0..=4u8)? {
        0 => (min, minus_one),
        1 => (x, x),
        2 => (x, u64::from(bits)),
        3 => (x, 0),
        _ => (x, x.wrapping_neg() & minus_one),
    })
}

/// Two operands of a `bits`-bit float type (32 or 64) at which two-operand float instructions
/// have their edges, as bits: +0 and -0 in either order (`min`/`max` and `copysign` look at the
/// sign of a zero), two equal values, a value and its negation. The values come from
/// [`F32_DICTIONARY`] or [`F64_DICTIONARY`].
///
/// # Errors
///
/// Only if `u` fails.
pub fn float_pair(u: &mut Unstructured, bits: u32) -> Result<(u64, u64)> {
    let sign = 1u64 << (bits - 1);
    let x = if bits == 32 {
        u64::from(*u.choose(F32_DICTIONARY)?)
    } else {
        *u.choose(F64_DICTIONARY)?
    };
    Ok(match u.int_in_range(0..=3u8)? {
        0 => (0, sign),
        1 => (sign, 0),
        2 => (x, x),
        _ => (x, x ^ sign),
    })
}

/// Arguments for two parameters of the same type `ty`: an [`int_pair`] or [`float_pair`] as
/// values; `None` for a vector or reference type.
///
/// # Errors
///
/// Only if `u` fails.
pub fn argument_pair(u: &mut Unstructured, ty: ValType) -> Result<Option<(Value, Value)>> {
    Ok(Some(match ty {
        ValType::I32 => {
            let (a, b) = int_pair(u, 32)?;
            (Value::I32(a as u32 as i32), Value::I32(b as u32 as i32))
        }
        ValType::I64 => {
            let (a, b) = int_pair(u, 64)?;
            (Value::I64(a as i64), Value::I64(b as i64))
        }
        ValType::F32 => {
            let (a, b) = float_pair(u, 32)?;
            (Value::F32(a as u32), Value::F32(b as u32))
        }
        ValType::F64 => {
            let (a, b) = float_pair(u, 64)?;
            (Value::F64(a), Value::F64(b))
        }
        ValType::V128 | ValType::Ref(_) => return Ok(None),
    }))
}

/// `f32` constants compilers and conversions special-case, as bits: ±0, ±1, 0.5, NaNs (quiet,
/// negative, signalling, with a payload), ±infinity, the smallest and largest normals and
/// subnormals, ±MAX, and the truncation bounds 2^31, 2^32, 2^63, 2^64 (and -2^31, -2^63) with
/// their neighbours one ulp away.
pub const F32_DICTIONARY: &[u32] = &[
    0x0000_0000,
    0x8000_0000,
    0x3f80_0000,
    0xbf80_0000,
    0x3f00_0000,
    0x7fc0_0000,
    0xffc0_0000,
    0x7f80_0001,
    0x7fa0_0000,
    0x7f80_0000,
    0xff80_0000,
    0x0080_0000,
    0x8080_0000,
    0x0000_0001,
    0x007f_ffff,
    0x7f7f_ffff,
    0xff7f_ffff,
    0x4f00_0000,
    0x4eff_ffff,
    0x4f00_0001,
    0xcf00_0000,
    0xcf00_0001,
    0xceff_ffff,
    0x4f80_0000,
    0x4f7f_ffff,
    0x4f80_0001,
    0x5f00_0000,
    0x5eff_ffff,
    0x5f00_0001,
    0xdf00_0000,
    0xdf00_0001,
    0x5f80_0000,
    0x5f7f_ffff,
    0x5f80_0001,
];

/// `f64` constants compilers and conversions special-case, as bits: as [`F32_DICTIONARY`], for
/// `f64` (2^31 and 2^32 are exact here, so their neighbours are the values just inside and just
/// outside the `i32`/`u32` range).
pub const F64_DICTIONARY: &[u64] = &[
    0x0000_0000_0000_0000,
    0x8000_0000_0000_0000,
    0x3ff0_0000_0000_0000,
    0xbff0_0000_0000_0000,
    0x3fe0_0000_0000_0000,
    0x7ff8_0000_0000_0000,
    0xfff8_0000_0000_0000,
    0x7ff0_0000_0000_0001,
    0x7ff4_0000_0000_0000,
    0x7ff0_0000_0000_0000,
    0xfff0_0000_0000_0000,
    0x0010_0000_0000_0000,
    0x8010_0000_0000_0000,
    0x0000_0000_0000_0001,
    0x000f_ffff_ffff_ffff,
    0x7fef_ffff_ffff_ffff,
    0xffef_ffff_ffff_ffff,
    0x41e0_0000_0000_0000,
    0x41df_ffff_ffff_ffff,
    0x41e0_0000_0000_0001,
    0xc1e0_0000_0000_0000,
    0xc1e0_0000_0020_0000,
    0xc1df_ffff_ffff_ffff,
    0x41f0_0000_0000_0000,
    0x41ef_ffff_ffff_ffff,
    0x41f0_0000_0000_0001,
    0x43e0_0000_0000_0000,
    0x43df_ffff_ffff_ffff,
    0x43e0_0000_0000_0001,
    0xc3e0_0000_0000_0000,
    0xc3e0_0000_0000_0001,
    0x43f0_0000_0000_0000,
    0x43ef_ffff_ffff_ffff,
    0x43f0_0000_0000_0001,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_dictionaries_hold_the_bounds_and_shift_amounts_once_each() {
        let d32 = int_dictionary(32);
        for v in [
            0u64,
            1,
            0xffff_ffff,
            0x8000_0000,
            0x7fff_ffff,
            31,
            32,
            33,
            0x1_0000,
            0xffff,
        ] {
            assert!(d32.contains(&v), "{v:#x}");
        }
        assert!(d32.iter().all(|&v| v <= u64::from(u32::MAX)));
        let mut sorted = d32.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), d32.len());
        assert!(int_dictionary(64).contains(&(i64::MIN as u64)));
        assert!(int_dictionary(8).iter().all(|&v| v <= 0xff));
    }

    #[test]
    fn pairs_reach_signed_division_overflow_and_signed_zeros() {
        let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        let mut u = Unstructured::new(&bytes);
        let mut ints = Vec::new();
        let mut floats = Vec::new();
        for _ in 0..300 {
            ints.push(int_pair(&mut u, 32).unwrap());
            floats.push(float_pair(&mut u, 64).unwrap());
        }
        assert!(ints.contains(&(0x8000_0000, 0xffff_ffff)));
        assert!(ints.iter().any(|&(a, b)| a == b) && ints.iter().any(|&(_, b)| b == 32));
        assert!(ints.iter().all(|&(a, b)| a <= 0xffff_ffff && b <= 0xffff_ffff));
        assert!(floats.contains(&(0, 1 << 63)) && floats.contains(&(1 << 63, 0)));
        let core = int_core(8);
        assert_eq!(core, [0, 1, 0xff, 0x80, 0x7f]);
    }

    #[test]
    fn float_dictionaries_hold_the_truncation_bounds_and_their_neighbours() {
        let f32s: Vec<f32> = F32_DICTIONARY.iter().map(|&b| f32::from_bits(b)).collect();
        for v in [2147483648.0f32, 4294967296.0, 9.223372e18, -2147483648.0, f32::INFINITY] {
            assert!(f32s.contains(&v), "{v}");
        }
        assert!(
            f32s.iter().any(|v| v.is_nan() && v.to_bits() & 0x0040_0000 == 0),
            "a signalling NaN"
        );
        let f64s: Vec<f64> = F64_DICTIONARY.iter().map(|&b| f64::from_bits(b)).collect();
        assert!(f64s.contains(&2147483648.0) && f64s.contains(&2147483647.9999998));
        assert!(f64s.contains(&f64::from_bits(1)), "the smallest subnormal");
    }
}
