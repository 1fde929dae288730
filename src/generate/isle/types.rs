//! The CLIF types of ISLE rules that Wasm code has, and the type predicates of the rules
//! (`fits_in_64`, `ty_int`, `multi_lane`, ...) over them, named as in cranelift-codegen's
//! `prelude.isle`.

use crate::generate::tree::Ty;

/// A CLIF type a Wasm function computes with: the scalars Wasm has, the narrow integers that
/// comparisons and narrow loads make, and the 128-bit vectors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClifTy {
    /// `i8` (a comparison's result, a narrow load).
    I8,
    /// `i16` (a narrow load).
    I16,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `i8x16`.
    I8X16,
    /// `i16x8`.
    I16X8,
    /// `i32x4`.
    I32X4,
    /// `i64x2`.
    I64X2,
    /// `f32x4`.
    F32X4,
    /// `f64x2`.
    F64X2,
}

use ClifTy::*;

impl ClifTy {
    /// The types a rule's root is tried at (`i8` for comparisons).
    pub const ROOTS: [ClifTy; 11] = [I8, I32, I64, F32, F64, I8X16, I16X8, I32X4, I64X2, F32X4, F64X2];

    /// The ISLE constant name, `I32` for `$I32`.
    pub fn isle_name(self) -> &'static str {
        match self {
            I8 => "I8",
            I16 => "I16",
            I32 => "I32",
            I64 => "I64",
            F32 => "F32",
            F64 => "F64",
            I8X16 => "I8X16",
            I16X8 => "I16X8",
            I32X4 => "I32X4",
            I64X2 => "I64X2",
            F32X4 => "F32X4",
            F64X2 => "F64X2",
        }
    }

    /// The Wasm type holding a value of this type (narrow integers live in an `i32`).
    pub fn wasm(self) -> Ty {
        match self {
            I8 | I16 | I32 => Ty::I32,
            I64 => Ty::I64,
            F32 => Ty::F32,
            F64 => Ty::F64,
            _ => Ty::V128,
        }
    }

    /// Whether it is a 128-bit vector.
    pub fn is_vector(self) -> bool {
        self.lanes() > 1
    }

    /// The lane type (a scalar is its own lane).
    pub fn lane(self) -> ClifTy {
        match self {
            I8X16 => I8,
            I16X8 => I16,
            I32X4 => I32,
            I64X2 => I64,
            F32X4 => F32,
            F64X2 => F64,
            scalar => scalar,
        }
    }

    /// The number of lanes (1 for a scalar).
    pub fn lanes(self) -> u32 {
        match self {
            I8X16 => 16,
            I16X8 => 8,
            I32X4 | F32X4 => 4,
            I64X2 | F64X2 => 2,
            _ => 1,
        }
    }

    /// Bits of one lane.
    pub fn lane_bits(self) -> u32 {
        match self.lane() {
            I8 => 8,
            I16 => 16,
            I32 | F32 => 32,
            _ => 64,
        }
    }

    /// Whether its lanes are integers.
    pub fn is_int(self) -> bool {
        !matches!(self.lane(), F32 | F64)
    }

    /// The Wasm text prefix of its instructions (`i32`, `f64x2`); `None` for narrow scalars.
    pub fn prefix(self) -> Option<&'static str> {
        Some(match self {
            I8 | I16 => return None,
            I32 => "i32",
            I64 => "i64",
            F32 => "f32",
            F64 => "f64",
            I8X16 => "i8x16",
            I16X8 => "i16x8",
            I32X4 => "i32x4",
            I64X2 => "i64x2",
            F32X4 => "f32x4",
            F64X2 => "f64x2",
        })
    }

    /// The vector of 128 bits with lanes of this scalar type.
    pub fn vector_of(self) -> Option<ClifTy> {
        Some(match self {
            I8 => I8X16,
            I16 => I16X8,
            I32 => I32X4,
            I64 => I64X2,
            F32 => F32X4,
            F64 => F64X2,
            _ => return None,
        })
    }

    /// The vector with lanes half as wide and twice as many (`i32x4` for `i64x2`).
    pub fn narrower(self) -> Option<ClifTy> {
        Some(match self {
            I16X8 => I8X16,
            I32X4 => I16X8,
            I64X2 => I32X4,
            _ => return None,
        })
    }

    /// The type with this name (`I32` or `$I32`).
    pub fn from_isle(name: &str) -> Option<ClifTy> {
        let name = name.trim_start_matches('$');
        ClifTy::ROOTS.into_iter().chain([I16]).find(|t| t.isle_name() == name)
    }
}

/// Whether `ty` satisfies the type predicate `name` of `prelude.isle`: `Some(answer)` for a known
/// predicate, `None` for another term.
pub fn predicate(name: &str, ty: ClifTy) -> Option<bool> {
    let scalar = !ty.is_vector();
    let bits = ty.lane_bits();
    Some(match name {
        "fits_in_64" | "ty_int_ref_scalar_64" | "ty_int_ref_scalar_64_extract" => scalar,
        "fits_in_32" => scalar && bits <= 32,
        "fits_in_16" | "ty_8_or_16" => scalar && bits <= 16 && ty.is_int(),
        "ty_int" | "ty_int_ref_64" | "valid_atomic_transaction" => scalar && ty.is_int(),
        "ty_int_ref_16_to_64" => scalar && ty.is_int() && bits >= 16,
        "ty_32_or_64" => scalar && bits >= 32,
        "ty_32" => scalar && bits == 32,
        "ty_64" => scalar && bits == 64,
        "ty_scalar_float" | "ty_float" => scalar && !ty.is_int(),
        "ty_float_or_vec" => !ty.is_int() || ty.is_vector(),
        "ty_scalar" => scalar,
        "ty_vec128" | "ty_vector" | "multi_lane" => ty.is_vector(),
        "ty_vec128_int" | "ty_vector_not_float" | "ty_int_vec128" => ty.is_vector() && ty.is_int(),
        "ty_vector_float" | "ty_vec128_float" => ty.is_vector() && !ty.is_int(),
        "lane_fits_in_32" => ty.is_vector() && bits <= 32,
        "ty_vec64" | "ty_vec64_ctor" | "ty_dyn_vec64" | "ty_dyn_vec128" | "dynamic_lane" | "ty_int_bool_128" => false,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates_follow_the_prelude() {
        assert_eq!(predicate("fits_in_64", I64), Some(true));
        assert_eq!(predicate("fits_in_64", I32X4), Some(false));
        assert_eq!(predicate("ty_int", F32), Some(false));
        assert_eq!(predicate("ty_vec128_int", I16X8), Some(true));
        assert_eq!(predicate("lane_fits_in_32", I64X2), Some(false));
        assert_eq!(predicate("no_such_predicate", I32), None);
        assert_eq!(ClifTy::from_isle("$I64X2"), Some(I64X2));
        assert_eq!(I64X2.narrower(), Some(I32X4));
    }
}
