//! What this process used, read from `/proc/self` (Linux): CPU time and resident memory.

use std::time::Duration;

/// CPU time this process has used so far, over all its live threads: the sum of each thread's
/// run time in `/proc/self/task/*/schedstat`, counted by the scheduler in nanoseconds, where
/// `/proc/self/stat` counts 10 ms ticks (a tenth of a block of 100 requests). Threads that have
/// exited are not counted: the benchmarks' threads (the runtime's workers) live as long as the
/// process. Falls back to the ticks of `/proc/self/stat` where schedstat is missing.
pub fn cpu_time() -> Duration {
    let scheduled = std::fs::read_dir("/proc/self/task")
        .ok()
        .and_then(|threads| {
            threads
                .map(|thread| {
                    let path = thread.ok()?.path().join("schedstat");
                    let text = std::fs::read_to_string(path).ok()?;
                    text.split_whitespace().next()?.parse::<u64>().ok()
                })
                .sum::<Option<u64>>()
        });
    scheduled.map_or_else(ticks, Duration::from_nanos)
}

/// Clock ticks per second of `/proc/*/stat` (`USER_HZ`): 100 on every Linux architecture.
const TICKS_PER_SECOND: u64 = 100;

/// User plus system time from `/proc/self/stat`, at a resolution of 10 ms.
fn ticks() -> Duration {
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
    Duration::from_millis((ticks(11) + ticks(12)) * 1000 / TICKS_PER_SECOND)
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
        let before = super::cpu_time();
        let busy: u64 = (0..5_000_000u64).fold(busy, |a, b| {
            std::hint::black_box(a.wrapping_add(b ^ (a >> 3)))
        });
        assert!(busy > 0);
        let used = super::cpu_time().saturating_sub(before);
        assert!(used > std::time::Duration::ZERO, "{used:?}");
        assert!(used < std::time::Duration::from_secs(60), "{used:?}");
        // The fine clock and the coarse one agree to within their ticks (and threads' churn).
        let (fine, coarse) = (super::cpu_time(), super::ticks());
        let gap = fine.abs_diff(coarse);
        assert!(
            gap < std::time::Duration::from_millis(200),
            "{fine:?} vs {coarse:?}"
        );
    }
}
