//! Values and names as `.wast` text.

use anyhow::{Result, bail};
use crosscheck_oracles::{RefHierarchy, Value};

/// A `.wast` string literal of `s`: printable ASCII as is, everything else as `\hh` bytes.
pub fn string(s: &str) -> String {
    let mut out = String::from("\"");
    for b in s.bytes() {
        match b {
            b'"' | b'\\' => out.push_str(&format!("\\{}", b as char)),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\{b:02x}")),
        }
    }
    out.push('"');
    out
}

/// `v` as an argument constant, exactly (floats by their bits: shortest decimal, or the NaN payload).
///
/// # Errors
///
/// A non-null reference, which a script cannot pass.
pub fn argument(v: &Value) -> Result<String> {
    Ok(match *v {
        Value::I32(x) => format!("(i32.const {x})"),
        Value::I64(x) => format!("(i64.const {x})"),
        Value::F32(bits) => format!(
            "(f32.const {})",
            float(f64::from(f32::from_bits(bits)), bits.into(), 32)
        ),
        Value::F64(bits) => format!("(f64.const {})", float(f64::from_bits(bits), bits, 64)),
        Value::V128(x) => v128(x),
        Value::Ref { hierarchy, null: true } => format!("(ref.null {})", heap(hierarchy)),
        Value::Ref { null: false, .. } => bail!("a non-null reference argument cannot be written in a script"),
    })
}

/// `v` as an expected result: like [`argument`], except that a quiet NaN matches any quiet NaN
/// (`nan:arithmetic`), as the `result` rule compares floats, and a non-null reference matches any.
pub fn expected(v: &Value) -> String {
    let quiet_nan = |bits: u64, width: u32| {
        let (exp, quiet) = if width == 32 { (0xff, 1 << 22) } else { (0x7ff, 1 << 51) };
        let mantissa_bits = if width == 32 { 23 } else { 52 };
        (bits >> mantissa_bits) & exp == exp && bits & quiet != 0
    };
    match *v {
        Value::F32(bits) if quiet_nan(bits.into(), 32) => "(f32.const nan:arithmetic)".into(),
        Value::F64(bits) if quiet_nan(bits, 64) => "(f64.const nan:arithmetic)".into(),
        Value::Ref { hierarchy, null: false } => match hierarchy {
            RefHierarchy::Func => "(ref.func)".into(),
            RefHierarchy::Extern => "(ref.extern)".into(),
            RefHierarchy::Any => "(ref.any)".into(),
            RefHierarchy::Exn => "(ref.exn)".into(),
        },
        _ => argument(v).unwrap_or_default(),
    }
}

fn heap(h: RefHierarchy) -> &'static str {
    match h {
        RefHierarchy::Func => "func",
        RefHierarchy::Extern => "extern",
        RefHierarchy::Any => "any",
        RefHierarchy::Exn => "exn",
    }
}

fn v128(x: u128) -> String {
    let lanes: Vec<String> = (0..4).map(|i| format!("0x{:08x}", (x >> (32 * i)) as u32)).collect();
    format!("(v128.const i32x4 {})", lanes.join(" "))
}

/// A float literal of `value`, whose bits are `bits` in a float of `width` bits: `inf`, `nan:0x..`
/// with its payload, or the shortest decimal that reads back as the same bits.
fn float(value: f64, bits: u64, width: u32) -> String {
    let sign = if bits >> (width - 1) & 1 == 1 { "-" } else { "" };
    if value.is_nan() {
        let payload = bits & ((1u64 << (if width == 32 { 23 } else { 52 })) - 1);
        return format!("{sign}nan:0x{payload:x}");
    }
    if value.is_infinite() {
        return format!("{sign}inf");
    }
    if width == 32 {
        format!("{:e}", f32::from_bits(bits as u32))
    } else {
        format!("{value:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a constant back with the `wat` parser, as the bits of its one value.
    fn round_trip(constant: &str, ty: &str) -> Vec<u8> {
        let text = format!("(module (func (result {ty}) {constant}))");
        wat::parse_str(text).unwrap()
    }

    #[test]
    fn float_arguments_read_back_as_the_same_bits() {
        let f32s = [0.1f32, -0.0, 1e-45, f32::MAX, f32::INFINITY, f32::MIN_POSITIVE];
        for x in f32s {
            let exact = round_trip(&format!("(f32.const {})", x), "f32");
            let ours = round_trip(&argument(&Value::F32(x.to_bits())).unwrap(), "f32");
            assert_eq!(exact, ours, "{x}");
        }
        let nan_bits = 0xffc0_1234u32;
        let text = argument(&Value::F32(nan_bits)).unwrap();
        assert_eq!(text, "(f32.const -nan:0x401234)");
        let f64s = [0.1f64, -2.5e-310, f64::MAX, f64::NEG_INFINITY];
        for x in f64s {
            let exact = round_trip(&format!("(f64.const {x:e})"), "f64");
            let ours = round_trip(&argument(&Value::F64(x.to_bits())).unwrap(), "f64");
            assert_eq!(exact, ours, "{x}");
        }
    }

    #[test]
    fn a_quiet_nan_result_matches_any_quiet_nan_and_strings_are_escaped() {
        assert_eq!(
            expected(&Value::F64(0x7ff8_0000_0000_0001)),
            "(f64.const nan:arithmetic)"
        );
        assert_eq!(expected(&Value::F32(0x7fa0_0000)), "(f32.const nan:0x200000)");
        assert_eq!(string("a\"b\u{e9}\n"), "\"a\\\"b\\c3\\a9\\0a\"");
    }
}
