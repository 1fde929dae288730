//! `cargo fuzz run winch_cranelift`: see `crosscheck::fuzzing::Target::WinchCranelift`.

#![no_main]

crosscheck_fuzz::target!(crosscheck_fuzz::crosscheck::fuzzing::Target::WinchCranelift);
