//! Inputs of the differential scenarios. The real-kernel side
//! (`ctlab-probe`) and the model side (`tests/differential.rs`) read the
//! same table, so the two runs they compare cannot drift apart.

/// Writes to /proc/self/uid_map right after unshare(CLONE_NEWUSER), in
/// order, labelled: the invalid forms user_namespaces(7) names (zero
/// length, overlapping ranges, a malformed line, id -1), then a valid first
/// write and a second write, which must fail (EPERM: one write only).
pub const UID_MAP_WRITES: &[(&str, &str)] = &[
    ("zero_len", "0 0 0\n"),
    ("overlap_inside", "0 0 1\n0 5 1\n"),
    ("overlap_outside", "0 0 1\n1 0 1\n"),
    ("garbage", "0 0 1 x\n"),
    ("empty", "\n"),
    ("id_minus_1", "4294967295 0 1\n"),
    ("first", "0 0 1"),
    ("second", "1 1 1\n"),
];
