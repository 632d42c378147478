//! The figures: medians of repeated runs, and the table of cases against their targets.

use serde_json::{Value, json};

pub(super) fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn field(runs: &[Value], name: &str) -> f64 {
    median(runs.iter().filter_map(|r| r[name].as_f64()).collect())
}

pub(super) fn summarise_stream(runs: &[Value]) -> Value {
    json!({
        "items": runs.first().map(|r| r["items"].clone()),
        "wall_s": field(runs, "wall_s"),
        "items_per_s": field(runs, "items_per_s"),
        "cpu_s": field(runs, "cpu_s"),
        "peak_rss_kb": field(runs, "peak_rss_kb"),
        "rss_before_kb": field(runs, "rss_before_kb"),
    })
}

/// One line of the table.
pub(super) struct Row {
    case: String,
    facade: String,
    raw: String,
    ratio: Option<f64>,
    target: &'static str,
    holds: Option<bool>,
    /// The first and third quartiles of the per-pair ratios, where the ratio is their median.
    spread: Option<(f64, f64)>,
}

impl Row {
    /// A figure with no ratio and no target.
    fn figure(case: impl Into<String>, facade: impl Into<String>, raw: impl Into<String>) -> Self {
        Row {
            case: case.into(),
            facade: facade.into(),
            raw: raw.into(),
            ratio: None,
            target: "-",
            holds: None,
            spread: None,
        }
    }

    /// With the first and third quartiles of the per-pair ratios the ratio is the median of.
    fn spread(self, spread: Option<(f64, f64)>) -> Self {
        Row { spread, ..self }
    }

    /// With the facade's figure over the baseline's.
    fn ratio(self, ratio: f64) -> Self {
        Row {
            ratio: Some(ratio),
            ..self
        }
    }

    /// With a target and whether it holds.
    fn target(self, target: &'static str, holds: bool) -> Self {
        Row {
            target,
            holds: Some(holds),
            ..self
        }
    }

    pub(super) fn to_json(&self) -> Value {
        json!({
            "case": self.case, "facade": self.facade, "raw": self.raw,
            "ratio": self.ratio, "ratio_quartiles": self.spread.map(|(q1, q3)| [q1, q3]),
            "target": self.target, "holds": self.holds,
        })
    }
}

pub(super) fn rows(
    requests: &Value,
    stream: &Value,
    codegen: &Value,
    builds: &Value,
    emulator: &Value,
) -> Vec<Row> {
    let num = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    let mut rows = Vec::new();
    for case in requests["cases"].as_array().into_iter().flatten() {
        let name = format!(
            "{} c={}",
            case["op"].as_str().unwrap_or("?"),
            case["concurrency"]
        );
        let (f, r, ratio) = (&case["facade"], &case["raw"], &case["ratio"]);
        let both = |key: &str, decimals: usize| {
            (
                format!("{:.*}", decimals, num(&f[key])),
                format!("{:.*}", decimals, num(&r[key])),
            )
        };
        let spread = |key: &str| {
            let q = &case["ratio_quartiles"][key];
            q[0].as_f64().zip(q[1].as_f64())
        };
        let latency = num(&ratio["latency_p50"]);
        let (facade, raw) = both("latency_p50_us", 0);
        rows.push(
            Row::figure(format!("{name}: latency p50 (µs)"), facade, raw)
                .ratio(latency)
                .spread(spread("latency_p50"))
                .target("<= 1.05", latency <= 1.05),
        );
        let throughput = num(&ratio["throughput"]);
        let (facade, raw) = both("throughput_rps", 0);
        rows.push(
            Row::figure(format!("{name}: throughput (req/s)"), facade, raw)
                .ratio(throughput)
                .spread(spread("throughput"))
                .target(">= 0.95", throughput >= 0.95),
        );
        let cpu = num(&ratio["cpu_per_request"]);
        let (facade, raw) = both("cpu_us_per_request", 1);
        rows.push(
            Row::figure(format!("{name}: CPU user+sys (µs/request)"), facade, raw)
                .ratio(cpu)
                .spread(spread("cpu_per_request"))
                .target("<= 1.10", cpu <= 1.10),
        );
    }
    let (short, long, raw) = (&stream["short"], &stream["long"], &stream["long_raw"]);
    let items = |v: &Value| v["items"].as_u64().unwrap_or(0);
    for (what, key, decimals) in [
        ("items/s (vs raw page walk)", "items_per_s", 0),
        ("wall (s)", "wall_s", 2),
    ] {
        rows.push(
            Row::figure(
                format!("stream {}: {what}", items(long)),
                format!("{:.*}", decimals, num(&long[key])),
                format!("{:.*}", decimals, num(&raw[key])),
            )
            .ratio(num(&long[key]) / num(&raw[key])),
        );
    }
    let (short_pinned, long_pinned) = (
        &stream["short_mmap_threshold_pinned"],
        &stream["long_mmap_threshold_pinned"],
    );
    for (what, unit, target, long, short) in [
        ("stream peak RSS (kB):", " items", "<= 1.2", long, short),
        (
            "stream peak RSS (kB), glibc mmap threshold pinned (diagnostic):",
            "",
            "(<= 1.2)",
            long_pinned,
            short_pinned,
        ),
    ] {
        let rss = num(&long["peak_rss_kb"]) / num(&short["peak_rss_kb"]);
        rows.push(
            Row::figure(
                format!("{what} {} vs {}{unit}", items(long), items(short)),
                format!("{:.0}", num(&long["peak_rss_kb"])),
                format!(
                    "{:.0} (facade, {})",
                    num(&short["peak_rss_kb"]),
                    items(short)
                ),
            )
            .ratio(rss)
            .target(target, rss <= 1.2),
        );
    }
    rows.push(Row::figure(
        format!("stream peak RSS (kB): raw page walk, {} items", items(raw)),
        "-",
        format!("{:.0}", num(&raw["peak_rss_kb"])),
    ));
    let codegen_ms = num(&codegen["median_ms"]);
    rows.push(
        Row::figure(
            "codegen: `xtask codegen` wall (ms, median)",
            format!("{codegen_ms:.0}"),
            "-",
        )
        .target("< 1000 ms", codegen_ms < 1000.0),
    );
    rows.push(Row::figure(
        "codegen: generated lines",
        codegen["generated_lines"].to_string(),
        "-",
    ));
    for (package, figures) in builds.as_object().into_iter().flatten() {
        for (kind, key) in [("clean", "clean_s"), ("incremental", "incremental_s")] {
            rows.push(Row::figure(
                format!("build {package}: {kind}, deps cached (s)"),
                format!("{:.1}", num(&figures[key])),
                "-",
            ));
        }
    }
    for (name, key) in [
        ("CreateMessage", "create"),
        ("ListMessage PageSize=1000", "list_page_1000"),
    ] {
        rows.push(Row::figure(
            format!("emulator {name}, c=32 (req/s)"),
            "-",
            format!("{:.0}", num(&emulator[key]["rps"])),
        ));
    }
    rows.push(Row::figure(
        "emulator peak RSS after the run (kB)",
        "-",
        emulator["peak_rss_kb"].to_string(),
    ));
    rows
}

/// The rows as a Markdown table; a ratio that is a median of per-pair ratios shows their first
/// and third quartiles in parentheses.
pub(super) fn render(rows: &[Row]) -> String {
    let mut out = String::from(
        "| case | facade | raw | ratio | target | holds? |\n|---|---:|---:|---:|---|---|\n",
    );
    for row in rows {
        let ratio = match (row.ratio, row.spread) {
            (None, _) => "-".to_string(),
            (Some(r), None) => format!("{r:.3}"),
            (Some(r), Some((q1, q3))) => format!("{r:.3} ({q1:.2}-{q3:.2})"),
        };
        let holds = match row.holds {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "-",
        };
        out.push_str(&format!(
            "| {} | {} | {} | {ratio} | {} | {holds} |\n",
            row.case, row.facade, row.raw, row.target
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{median, render, rows};

    #[test]
    fn medians_of_odd_even_and_no_runs() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(Vec::new()), 0.0);
    }

    /// Every case of a report becomes its row, with its ratio and whether its target holds.
    #[test]
    fn the_table_says_which_targets_hold() {
        let requests = json!({"cases": [{
            "op": "send", "concurrency": 1,
            "facade": {"latency_p50_us": 110.4, "throughput_rps": 900.0, "cpu_us_per_request": 71.24},
            "raw": {"latency_p50_us": 100.0, "throughput_rps": 1000.0, "cpu_us_per_request": 60.0},
            "ratio": {"latency_p50": 1.104, "throughput": 0.9, "cpu_per_request": 1.1874},
            "ratio_quartiles": {"latency_p50": [1.08, 1.12]},
        }]});
        let stream = json!({
            "short": {"items": 1000, "peak_rss_kb": 10000.0},
            "long": {"items": 100000, "peak_rss_kb": 11000.0, "items_per_s": 50000.0, "wall_s": 2.0},
            "long_raw": {"items": 100000, "peak_rss_kb": 9000.0, "items_per_s": 100000.0, "wall_s": 1.0},
            "short_mmap_threshold_pinned": {"items": 1000, "peak_rss_kb": 10000.0},
            "long_mmap_threshold_pinned": {"items": 100000, "peak_rss_kb": 13000.0},
        });
        let codegen = json!({"median_ms": 800.0, "generated_lines": 1234});
        let builds = json!({"maton-twilio": {"clean_s": 61.0, "incremental_s": 2.5}});
        let emulator = json!({"create": {"rps": 5000.0}, "list_page_1000": {"rps": 40.0}, "peak_rss_kb": 2048});
        let table = render(&rows(&requests, &stream, &codegen, &builds, &emulator));
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 2 + 3 + 5 + 2 + 2 + 2 + 1, "{table}");
        for row in [
            "| send c=1: latency p50 (µs) | 110 | 100 | 1.104 (1.08-1.12) | <= 1.05 | NO |",
            "| send c=1: throughput (req/s) | 900 | 1000 | 0.900 | >= 0.95 | NO |",
            "| send c=1: CPU user+sys (µs/request) | 71.2 | 60.0 | 1.187 | <= 1.10 | NO |",
            "| stream 100000: items/s (vs raw page walk) | 50000 | 100000 | 0.500 | - | - |",
            "| stream 100000: wall (s) | 2.00 | 1.00 | 2.000 | - | - |",
            "| stream peak RSS (kB): 100000 vs 1000 items | 11000 | 10000 (facade, 1000) | 1.100 | <= 1.2 | yes |",
            "| stream peak RSS (kB), glibc mmap threshold pinned (diagnostic): 100000 vs 1000 | 13000 | 10000 (facade, 1000) | 1.300 | (<= 1.2) | NO |",
            "| stream peak RSS (kB): raw page walk, 100000 items | - | 9000 | - | - | - |",
            "| codegen: `xtask codegen` wall (ms, median) | 800 | - | - | < 1000 ms | yes |",
            "| codegen: generated lines | 1234 | - | - | - | - |",
            "| build maton-twilio: incremental, deps cached (s) | 2.5 | - | - | - | - |",
            "| emulator ListMessage PageSize=1000, c=32 (req/s) | - | 40 | - | - | - |",
            "| emulator peak RSS after the run (kB) | - | 2048 | - | - | - |",
        ] {
            assert!(lines.contains(&row), "missing {row} in\n{table}");
        }
    }
}
