//! The table `cargo xtask bench` prints: one row per figure, with the facade/raw ratio and the
//! target it is held to.

use serde_json::{Value, json};

/// One line of the table.
pub struct Row {
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
    pub fn to_json(&self) -> Value {
        json!({
            "case": self.case, "facade": self.facade, "raw": self.raw,
            "ratio": self.ratio, "ratio_quartiles": self.spread.map(|(q1, q3)| [q1, q3]),
            "target": self.target, "holds": self.holds,
        })
    }
}

pub fn rows(
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
        let spread = |name: &str| {
            let q = &case["ratio_quartiles"][name];
            q[0].as_f64().zip(q[1].as_f64())
        };
        let latency = num(&ratio["latency_p50"]);
        let throughput = num(&ratio["throughput"]);
        let cpu = num(&ratio["cpu_per_request"]);
        rows.push(Row {
            case: format!("{name}: latency p50 (µs)"),
            facade: format!("{:.0}", num(&f["latency_p50_us"])),
            raw: format!("{:.0}", num(&r["latency_p50_us"])),
            ratio: Some(latency),
            target: "<= 1.05",
            holds: Some(latency <= 1.05),
            spread: spread("latency_p50"),
        });
        rows.push(Row {
            case: format!("{name}: throughput (req/s)"),
            facade: format!("{:.0}", num(&f["throughput_rps"])),
            raw: format!("{:.0}", num(&r["throughput_rps"])),
            ratio: Some(throughput),
            target: ">= 0.95",
            holds: Some(throughput >= 0.95),
            spread: spread("throughput"),
        });
        rows.push(Row {
            case: format!("{name}: CPU user+sys (µs/request)"),
            facade: format!("{:.1}", num(&f["cpu_us_per_request"])),
            raw: format!("{:.1}", num(&r["cpu_us_per_request"])),
            ratio: Some(cpu),
            target: "<= 1.10",
            holds: Some(cpu <= 1.10),
            spread: spread("cpu_per_request"),
        });
    }
    let (short, long, raw) = (&stream["short"], &stream["long"], &stream["long_raw"]);
    let items = |v: &Value| v["items"].as_u64().unwrap_or(0);
    rows.push(Row {
        case: format!("stream {}: items/s (vs raw page walk)", items(long)),
        facade: format!("{:.0}", num(&long["items_per_s"])),
        raw: format!("{:.0}", num(&raw["items_per_s"])),
        ratio: Some(num(&long["items_per_s"]) / num(&raw["items_per_s"])),
        target: "-",
        holds: None,
        spread: None,
    });
    rows.push(Row {
        case: format!("stream {}: wall (s)", items(long)),
        facade: format!("{:.2}", num(&long["wall_s"])),
        raw: format!("{:.2}", num(&raw["wall_s"])),
        ratio: Some(num(&long["wall_s"]) / num(&raw["wall_s"])),
        target: "-",
        holds: None,
        spread: None,
    });
    let rss = num(&long["peak_rss_kb"]) / num(&short["peak_rss_kb"]);
    rows.push(Row {
        case: format!(
            "stream peak RSS (kB): {} vs {} items",
            items(long),
            items(short)
        ),
        facade: format!("{:.0}", num(&long["peak_rss_kb"])),
        raw: format!(
            "{:.0} (facade, {})",
            num(&short["peak_rss_kb"]),
            items(short)
        ),
        ratio: Some(rss),
        target: "<= 1.2",
        holds: Some(rss <= 1.2),
        spread: None,
    });
    let (short_pinned, long_pinned) = (
        &stream["short_mmap_threshold_pinned"],
        &stream["long_mmap_threshold_pinned"],
    );
    let pinned = num(&long_pinned["peak_rss_kb"]) / num(&short_pinned["peak_rss_kb"]);
    rows.push(Row {
        case: format!(
            "stream peak RSS (kB), glibc mmap threshold pinned (diagnostic): {} vs {}",
            items(long_pinned),
            items(short_pinned)
        ),
        facade: format!("{:.0}", num(&long_pinned["peak_rss_kb"])),
        raw: format!(
            "{:.0} (facade, {})",
            num(&short_pinned["peak_rss_kb"]),
            items(short_pinned)
        ),
        ratio: Some(pinned),
        target: "(<= 1.2)",
        holds: Some(pinned <= 1.2),
        spread: None,
    });
    rows.push(Row {
        case: format!("stream peak RSS (kB): raw page walk, {} items", items(raw)),
        facade: "-".into(),
        raw: format!("{:.0}", num(&raw["peak_rss_kb"])),
        ratio: None,
        target: "-",
        holds: None,
        spread: None,
    });
    let codegen_ms = num(&codegen["median_ms"]);
    rows.push(Row {
        case: "codegen: `xtask codegen` wall (ms, median)".into(),
        facade: format!("{codegen_ms:.0}"),
        raw: "-".into(),
        ratio: None,
        target: "< 1000 ms",
        holds: Some(codegen_ms < 1000.0),
        spread: None,
    });
    rows.push(Row {
        case: "codegen: generated lines".into(),
        facade: codegen["generated_lines"].to_string(),
        raw: "-".into(),
        ratio: None,
        target: "-",
        holds: None,
        spread: None,
    });
    for (package, figures) in builds.as_object().into_iter().flatten() {
        for (kind, key) in [("clean", "clean_s"), ("incremental", "incremental_s")] {
            rows.push(Row {
                case: format!("build {package}: {kind}, deps cached (s)"),
                facade: format!("{:.1}", num(&figures[key])),
                raw: "-".into(),
                ratio: None,
                target: "-",
                holds: None,
                spread: None,
            });
        }
    }
    for (name, key) in [
        ("CreateMessage", "create"),
        ("ListMessage PageSize=1000", "list_page_1000"),
    ] {
        rows.push(Row {
            case: format!("emulator {name}, c=32 (req/s)"),
            facade: "-".into(),
            raw: format!("{:.0}", num(&emulator[key]["rps"])),
            ratio: None,
            target: "-",
            holds: None,
            spread: None,
        });
    }
    rows.push(Row {
        case: "emulator peak RSS after the run (kB)".into(),
        facade: "-".into(),
        raw: emulator["peak_rss_kb"].to_string(),
        ratio: None,
        target: "-",
        holds: None,
        spread: None,
    });
    rows
}

/// The rows as a Markdown table; a ratio that is a median of per-pair ratios shows their first
/// and third quartiles in parentheses.
pub fn render(rows: &[Row]) -> String {
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
