//! Fuzz target `muster_markdown`: the checks are in `muster_fuzz::muster_markdown` (fuzz/src/lib.rs), shared with the
//! regression test `crates/muster-core/tests/it/fuzz_regressions.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| muster_fuzz::muster_markdown(data));
