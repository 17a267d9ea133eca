//! Fuzz target `mattermost_json`: the checks are in `muster_fuzz::mattermost_json` (fuzz/src/lib.rs), shared with the
//! regression test `crates/muster-core/tests/it/fuzz_regressions.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| muster_fuzz::mattermost_json(data));
