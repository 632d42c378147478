//! What one timed build cost, read from GNU time's `-v` report (or, without `/usr/bin/time`,
//! from this process's own children counters in `/proc/self/stat`), and the summary table.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// One build's cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    /// User + system CPU seconds of the whole process tree (cargo, rustc, build scripts, linker).
    pub cpu: f64,
    pub wall: f64,
    /// The largest resident set of any one process of the tree, in KiB; `None` without
    /// `/usr/bin/time` (Linux keeps no such figure for children that `/proc` shows).
    pub peak_kib: Option<u64>,
}

/// The fields of `/usr/bin/time -v` this tool reads: user and system seconds, and the maximum
/// resident set size in KiB. `None` if any is missing or unreadable.
pub fn parse_gnu_time(report: &str) -> Option<(f64, u64)> {
    let field = |name: &str| {
        report
            .lines()
            .find_map(|line| line.trim().strip_prefix(name))
            .and_then(|rest| rest.strip_prefix(':'))
            .map(str::trim)
    };
    let user: f64 = field("User time (seconds)")?.parse().ok()?;
    let system: f64 = field("System time (seconds)")?.parse().ok()?;
    let peak: u64 = field("Maximum resident set size (kbytes)")?.parse().ok()?;
    (user.is_finite() && system.is_finite() && user >= 0.0 && system >= 0.0)
        .then_some((user + system, peak))
}

/// The children's user + system clock ticks (fields 16 and 17) from a `/proc/PID/stat` line.
/// The command name (field 2) may hold spaces and parentheses: fields are counted after its
/// last `)`.
pub fn parse_children_ticks(stat: &str) -> Option<u64> {
    let after = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    // After the name come field 3 (state) onwards: cutime is field 16, index 13 here.
    let cutime: u64 = fields.get(13)?.parse().ok()?;
    let cstime: u64 = fields.get(14)?.parse().ok()?;
    cutime.checked_add(cstime)
}

/// How a build is timed on this machine.
#[derive(Debug, Clone, PartialEq)]
pub enum Timer {
    /// `/usr/bin/time -v -o FILE`: CPU of the tree and the peak RSS.
    GnuTime(std::path::PathBuf),
    /// `/proc/self/stat`: CPU of the reaped children only, at the kernel's tick (CLK_TCK).
    ProcStat { ticks_per_second: u64 },
}

impl Timer {
    /// GNU time if `/usr/bin/time -v` works here, else the `/proc` fallback.
    pub fn detect() -> Self {
        let gnu = Path::new("/usr/bin/time");
        let works = Command::new(gnu)
            .args(["-v", "true"])
            .output()
            .is_ok_and(|o| {
                o.status.success() && parse_gnu_time(&String::from_utf8_lossy(&o.stderr)).is_some()
            });
        if works {
            Timer::GnuTime(gnu.to_path_buf())
        } else {
            let ticks = Command::new("getconf")
                .arg("CLK_TCK")
                .output()
                .ok()
                .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
                .filter(|&t| t > 0)
                .unwrap_or(100);
            Timer::ProcStat {
                ticks_per_second: ticks,
            }
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Timer::GnuTime(path) => format!("{} -v", path.display()),
            Timer::ProcStat { ticks_per_second } => {
                format!("/proc/self/stat children ticks ({ticks_per_second}/s), no peak RSS")
            }
        }
    }

    /// Runs `command` to completion and says what it cost; an error if it fails.
    pub fn run(&self, command: Command, report: &Path) -> Result<Cost, String> {
        match self {
            Timer::GnuTime(time) => {
                let mut timed = Command::new(time);
                timed.arg("-v").arg("-o").arg(report);
                timed.arg(command.get_program()).args(command.get_args());
                if let Some(dir) = command.get_current_dir() {
                    timed.current_dir(dir);
                }
                for (key, value) in command.get_envs() {
                    match value {
                        Some(value) => timed.env(key, value),
                        None => timed.env_remove(key),
                    };
                }
                let wall = status(&mut timed)?;
                let text = std::fs::read_to_string(report)
                    .map_err(|e| format!("reading {}: {e}", report.display()))?;
                let (cpu, peak) = parse_gnu_time(&text)
                    .ok_or_else(|| format!("no CPU or RSS figure in {}", report.display()))?;
                Ok(Cost {
                    cpu,
                    wall,
                    peak_kib: Some(peak),
                })
            }
            Timer::ProcStat { ticks_per_second } => {
                let before = children_ticks()?;
                let mut command = command;
                let wall = status(&mut command)?;
                let after = children_ticks()?;
                let cpu = after.saturating_sub(before) as f64 / *ticks_per_second as f64;
                Ok(Cost {
                    cpu,
                    wall,
                    peak_kib: None,
                })
            }
        }
    }
}

fn children_ticks() -> Result<u64, String> {
    let stat = std::fs::read_to_string("/proc/self/stat")
        .map_err(|e| format!("reading /proc/self/stat: {e}"))?;
    parse_children_ticks(&stat).ok_or_else(|| "unreadable /proc/self/stat".to_string())
}

/// Runs to completion; the wall seconds, or an error naming the command.
fn status(command: &mut Command) -> Result<f64, String> {
    let start = Instant::now();
    let status = command
        .status()
        .map_err(|e| format!("running {command:?}: {e}"))?;
    let wall = start.elapsed().as_secs_f64();
    if status.success() {
        Ok(wall)
    } else {
        Err(format!("{command:?} failed: {status}"))
    }
}

/// The median (the mean of the middle two for an even count); `None` for no value.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    Some(if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    })
}

/// The medians of one program's rounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub cpu: f64,
    pub wall: f64,
    pub peak_mib: Option<f64>,
}

pub fn summarise(costs: &[Cost]) -> Option<Summary> {
    let cpu = median(&costs.iter().map(|c| c.cpu).collect::<Vec<_>>())?;
    let wall = median(&costs.iter().map(|c| c.wall).collect::<Vec<_>>())?;
    let peaks: Option<Vec<f64>> = costs
        .iter()
        .map(|c| c.peak_kib.map(|k| k as f64 / 1024.0))
        .collect();
    let peak_mib = peaks.and_then(|p| median(&p));
    Some(Summary {
        cpu,
        wall,
        peak_mib,
    })
}

/// `a / b`, printed with two decimals; "n/a" when either is missing or `b` is zero.
pub fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
        _ => "n/a".to_string(),
    }
}

/// A Markdown table: one row per program (its medians over `rounds`).
pub fn table(rows: &[(&str, Option<Summary>)], rounds: usize) -> String {
    let mut out = format!(
        "| program (median of {rounds}) | CPU user+sys (s) | wall (s) | peak RSS (MiB) |\n\
         |---|---|---|---|\n"
    );
    for (name, summary) in rows {
        match summary {
            Some(s) => out.push_str(&format!(
                "| {name} | {:.1} | {:.1} | {} |\n",
                s.cpu,
                s.wall,
                s.peak_mib
                    .map_or_else(|| "n/a".to_string(), |m| format!("{m:.0}"))
            )),
            None => out.push_str(&format!("| {name} | not run | not run | not run |\n")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GNU_TIME: &str = "\tCommand being timed: \"cargo build --release\"
\tUser time (seconds): 201.53
\tSystem time (seconds): 18.40
\tPercent of CPU this job got: 187%
\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:57.32
\tMaximum resident set size (kbytes): 612348
\tExit status: 0
";

    #[test]
    fn gnu_time_report_gives_cpu_of_user_plus_system_and_peak_kib() {
        let (cpu, peak) = parse_gnu_time(GNU_TIME).expect("complete report");
        assert!((cpu - 219.93).abs() < 1e-9, "{cpu}");
        assert_eq!(peak, 612_348);
    }

    #[test]
    fn gnu_time_report_missing_or_garbled_field_is_none() {
        let no_rss: String = GNU_TIME
            .lines()
            .filter(|l| !l.contains("Maximum resident"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(parse_gnu_time(&no_rss), None);
        assert_eq!(parse_gnu_time(&GNU_TIME.replace("201.53", "lots")), None);
        assert_eq!(parse_gnu_time(&GNU_TIME.replace("201.53", "-1")), None);
        assert_eq!(parse_gnu_time(""), None);
    }

    #[test]
    fn proc_stat_children_ticks_count_fields_after_the_last_parenthesis() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
        // utime stime cutime cstime ...
        let stat = "4242 (odd) name)) S 1 2 3 4 5 6 7 8 9 10 11 12 700 45 20 0 1 0";
        assert_eq!(parse_children_ticks(stat), Some(745));
        assert_eq!(parse_children_ticks("4242 (short) S 1 2"), None);
        assert_eq!(parse_children_ticks("no parenthesis at all"), None);
    }

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[f64::NAN, 5.0]), Some(5.0));
    }

    #[test]
    fn summary_is_per_column_median_and_peak_needs_every_round() {
        let costs = [
            Cost {
                cpu: 100.0,
                wall: 60.0,
                peak_kib: Some(1024 * 500),
            },
            Cost {
                cpu: 120.0,
                wall: 50.0,
                peak_kib: Some(1024 * 700),
            },
            Cost {
                cpu: 110.0,
                wall: 90.0,
                peak_kib: Some(1024 * 600),
            },
        ];
        let s = summarise(&costs).expect("three rounds");
        assert_eq!(
            s,
            Summary {
                cpu: 110.0,
                wall: 60.0,
                peak_mib: Some(600.0)
            }
        );
        let partial = [
            costs[0],
            Cost {
                peak_kib: None,
                ..costs[1]
            },
        ];
        assert_eq!(summarise(&partial).expect("two rounds").peak_mib, None);
        assert_eq!(summarise(&[]), None);
    }

    #[test]
    fn ratios_and_table_render_missing_figures_as_such() {
        assert_eq!(ratio(Some(50.0), Some(200.0)), "0.25");
        assert_eq!(ratio(Some(50.0), Some(0.0)), "n/a");
        assert_eq!(ratio(None, Some(1.0)), "n/a");
        let rows = [
            (
                "ours",
                Some(Summary {
                    cpu: 219.93,
                    wall: 117.3,
                    peak_mib: Some(598.0),
                }),
            ),
            (
                "before",
                Some(Summary {
                    cpu: 1.0,
                    wall: 2.0,
                    peak_mib: None,
                }),
            ),
            ("theirs", None),
        ];
        let text = table(&rows, 2);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "| program (median of 2) | CPU user+sys (s) | wall (s) | peak RSS (MiB) |"
        );
        assert_eq!(lines[2], "| ours | 219.9 | 117.3 | 598 |");
        assert_eq!(lines[3], "| before | 1.0 | 2.0 | n/a |");
        assert_eq!(lines[4], "| theirs | not run | not run | not run |");
    }
}
