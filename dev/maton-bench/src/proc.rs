//! What this process used, read from `/proc/self` (Linux): CPU time and resident memory.

use std::time::Duration;

/// Clock ticks per second of `/proc/*/stat` (`USER_HZ`): 100 on every Linux architecture.
const TICKS_PER_SECOND: u64 = 100;

/// CPU time this process has used so far, user plus system, over all its threads (the
/// `getrusage(RUSAGE_SELF)` figure), at a resolution of 10 ms.
pub fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // Fields 14 (utime) and 15 (stime); `fields[0]` is field 3 (state).
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let total = ticks(11) + ticks(12);
    Duration::from_millis(total * 1000 / TICKS_PER_SECOND)
}

/// A `/proc/self/status` figure in kB (`VmHWM`: peak resident memory; `VmRSS`: resident now).
pub fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_its_own_figures() {
        let busy: u64 = (0..20_000_000u64).fold(0, |a, b| a.wrapping_add(b * b));
        assert!(busy > 0);
        assert!(super::status_kb("VmHWM") > 0);
        assert!(super::status_kb("VmHWM") >= super::status_kb("VmRSS"));
        let _ = super::cpu_time();
    }
}
