//! Micro benchmarks (criterion): parse, analyse, completion and hover on a small, a typical and
//! the largest AWS managed policy, catalog lookups and wildcard expansion.
//!
//! ```text
//! cargo bench --bench micro                         # full run (a few minutes)
//! cargo bench --bench micro -- completion           # one group (criterion filter)
//! IAM_POLICY_LS_BENCH_SMOKE=1 cargo bench --bench micro   # CI smoke: seconds, numbers ignored
//! ```
//!
//! The policies come from `target/managed-policies/` (see `tests/bench/fixtures.rs`); without
//! them a generated 230 KB policy stands in and the first line printed says so.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use iam_policy_ls::analysis::{AnalysisCache, Options, analyze, analyze_incremental};
use iam_policy_ls::catalog;
use iam_policy_ls::ide::{completions, hover};
use iam_policy_ls::lsp::completion::reply;
use iam_policy_ls::lsp::convert::CompletionShape;
use iam_policy_ls::lsp::documents::Document;
use iam_policy_ls::syntax::parse;
use iam_policy_ls::text::Encoding;
use std::hint::black_box;
use std::sync::OnceLock;
use std::time::Duration;
use tower_lsp_server::ls_types::CompletionParams;

#[path = "../../tests/bench/fixtures.rs"]
mod fixtures;

use fixtures::{Fixtures, Policy, Spot};

fn smoke() -> bool {
    std::env::var_os("IAM_POLICY_LS_BENCH_SMOKE").is_some_and(|v| v != "0" && !v.is_empty())
}

fn fixtures() -> &'static Fixtures {
    static F: OnceLock<Fixtures> = OnceLock::new();
    F.get_or_init(|| {
        let f = fixtures::load();
        eprintln!("micro benches: {}", f.note);
        if smoke() {
            eprintln!(
                "micro benches: SMOKE mode (IAM_POLICY_LS_BENCH_SMOKE): numbers are not meaningful"
            );
        }
        f
    })
}

fn policies() -> [(&'static str, &'static Policy); 3] {
    let f = fixtures();
    [
        ("small", &f.small),
        ("typical", &f.typical),
        ("large", &f.large),
    ]
}

fn config() -> Criterion {
    let c = Criterion::default();
    if smoke() {
        c.sample_size(10)
            .warm_up_time(Duration::from_millis(20))
            .measurement_time(Duration::from_millis(60))
            .without_plots()
    } else {
        c
    }
}

fn bench_parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    for (label, p) in policies() {
        g.throughput(Throughput::Bytes(p.text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(label), &p.text, |b, text| {
            b.iter(|| parse(black_box(text)))
        });
    }
    g.finish();
}

fn bench_analyze(c: &mut Criterion) {
    let options = Options::default();
    let mut g = c.benchmark_group("analyze");
    for (label, p) in policies() {
        let parsed = parse(&p.text);
        g.throughput(Throughput::Bytes(p.text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(label), &p.text, |b, text| {
            b.iter(|| analyze(black_box(text), &parsed, &options))
        });
    }
    g.finish();
    // What the server does for each didChange: parse and analyse the new text.
    let mut g = c.benchmark_group("parse+analyze");
    for (label, p) in policies() {
        g.throughput(Throughput::Bytes(p.text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(label), &p.text, |b, text| {
            b.iter(|| {
                let parsed = parse(black_box(text));
                analyze(text, &parsed, &options)
            })
        });
    }
    g.finish();
}

/// What the server does for each didChange: parse the new text and analyse it, reusing the
/// findings of the statements the edit did not touch. Each iteration types a character into
/// (or removes it from) the middle action string of the document, so every iteration checks
/// the edited statement again and reuses the others.
fn bench_edit(c: &mut Criterion) {
    let options = Options::default();
    let mut g = c.benchmark_group("edit");
    for (label, p) in policies() {
        let Some((_, offset)) = spots(&p.text).into_iter().find(|s| s.0 == Spot::Action) else {
            continue;
        };
        let mut typed = p.text.clone();
        typed.insert(offset, 'x');
        let texts = [p.text.as_str(), typed.as_str()];
        let mut cache = AnalysisCache::default();
        analyze_incremental(&p.text, &parse(&p.text), &options, &mut cache);
        let mut which = 0;
        g.throughput(Throughput::Bytes(p.text.len() as u64));
        g.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| {
                which ^= 1;
                let text = texts[which];
                let parsed = parse(black_box(text));
                analyze_incremental(text, &parsed, &options, &mut cache)
            })
        });
    }
    g.finish();
}

/// One position of each kind (the middle one of the document's positions of that kind).
fn spots(text: &str) -> Vec<(Spot, usize)> {
    let all = fixtures::positions(text);
    [Spot::Action, Spot::Resource, Spot::ConditionKey]
        .iter()
        .filter_map(|k| {
            let of_kind: Vec<_> = all.iter().filter(|p| p.0 == *k).collect();
            of_kind.get(of_kind.len() / 2).map(|p| **p)
        })
        .collect()
}

fn bench_ide(c: &mut Criterion) {
    let mut g = c.benchmark_group("completion");
    for (label, p) in policies() {
        let parsed = parse(&p.text);
        for (spot, offset) in spots(&p.text) {
            let id = BenchmarkId::new(label, spot.name());
            g.bench_with_input(id, &offset, |b, &offset| {
                b.iter(|| completions(&p.text, &parsed, black_box(offset)))
            });
        }
    }
    g.finish();
    // The whole reply a client is sent, as bytes: the items, their order and cap, the JSON
    // (with and without LSP 3.17 itemDefaults), at every element kind of the large policy.
    let mut g = c.benchmark_group("completion reply");
    let (label, large) = policies().into_iter().last().unwrap();
    let (text, cursors) = fixtures::element_kinds(large).unwrap();
    let snap = Document::open(1, "json", text, Encoding::Utf16).snapshot;
    for cursor in &cursors {
        let params: CompletionParams = serde_json::from_value(serde_json::json!({
            "textDocument": {"uri": "file:///p.json"},
            "position": snap.position(cursor.offset),
        }))
        .unwrap();
        for (shape, lean) in [("itemDefaults", true), ("plain", false)] {
            let shape_of = CompletionShape {
                markdown: true,
                default_edit_range: lean,
                default_data: lean,
            };
            let id = BenchmarkId::new(format!("{label}, {shape}"), cursor.what);
            g.bench_function(id, |b| {
                b.iter(|| serde_json::to_vec(&reply(&snap, black_box(&params), shape_of)).unwrap())
            });
        }
    }
    g.finish();
    let mut g = c.benchmark_group("hover");
    for (label, p) in policies() {
        let parsed = parse(&p.text);
        for (spot, offset) in spots(&p.text) {
            // Hover on the word, not after it: one character back from the completion spot.
            let id = BenchmarkId::new(label, spot.name());
            g.bench_with_input(id, &offset.saturating_sub(1), |b, &offset| {
                b.iter(|| hover(&parsed, black_box(offset), None))
            });
        }
    }
    g.finish();
}

fn bench_catalog(c: &mut Criterion) {
    let mut g = c.benchmark_group("catalog");
    for name in [
        "ec2:DescribeInstances",
        "S3:getobject",
        "ec2:DescribeNothing",
    ] {
        g.bench_with_input(BenchmarkId::new("action", name), name, |b, n| {
            b.iter(|| catalog::action(black_box(n)))
        });
    }
    for key in [
        "aws:SourceIp",
        "aws:ResourceTag/Owner",
        "ec2:ResourceTag/CostCenter",
        "s3:ExistingObjectTag/Project",
    ] {
        g.bench_with_input(BenchmarkId::new("condition_key", key), key, |b, k| {
            b.iter(|| catalog::condition_key(black_box(k)))
        });
    }
    g.finish();
    let mut g = c.benchmark_group("expand");
    for pattern in ["ec2:Describe*", "s3:Get*", "*", "*:List*"] {
        g.bench_with_input(BenchmarkId::new("expand", pattern), pattern, |b, p| {
            b.iter(|| catalog::expand(black_box(p)))
        });
        g.bench_with_input(
            BenchmarkId::new("count_matches", pattern),
            pattern,
            |b, p| b.iter(|| catalog::count_matches(black_box(p))),
        );
    }
    g.finish();
}

/// The 1 MB template: open (YAML parse, locate, lower, analyse every policy), a keystroke in
/// the middle policy (re-read, incremental analysis), completion and hover there.
fn bench_template(c: &mut Criterion) {
    use iam_policy_ls::host::analyze::{HostCache, analyze_host};
    use iam_policy_ls::host::incremental::{self, Edit};
    use iam_policy_ls::host::{self, Format};
    use iam_policy_ls::lsp::documents::Document;
    use iam_policy_ls::text::Encoding;
    use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};
    let options = Options::default();
    let text = fixtures::template(1 << 20).text;
    let mut g = c.benchmark_group("template");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("open", |b| {
        b.iter(|| {
            let h = host::read(black_box(&text), Format::Yaml);
            analyze_host(&text, &h, &options, None)
        })
    });
    let middle = text.len() / 2;
    let offset = middle + text[middle..].find("s3:GetObject").unwrap_or(0) + "s3:Get".len();
    let mut typed = text.clone();
    typed.insert(offset, 'x');
    let texts = [text.as_str(), typed.as_str()];
    // Typing the `x` and deleting it again, in turn.
    let edits = [
        Edit {
            start: offset,
            old_end: offset + 1,
            inserted: 0,
        },
        Edit {
            start: offset,
            old_end: offset,
            inserted: 1,
        },
    ];
    // The server's path: the didChange (text, line index, re-read of the edited
    // resource) and the diagnostics' analysis.
    let mut doc = Document::open(1, "yaml", text.clone(), Encoding::Utf16);
    doc.snapshot.analysis(&options);
    let (line, col) = {
        let before = &text[..offset];
        let line = before.matches('\n').count() as u32;
        (
            line,
            (offset - before.rfind('\n').map_or(0, |n| n + 1)) as u32,
        )
    };
    let at = |c: u32| Position { line, character: c };
    let mut which = 0;
    let mut version = 1;
    g.bench_function("keystroke", |b| {
        b.iter(|| {
            which ^= 1;
            version += 1;
            let change = TextDocumentContentChangeEvent {
                range: Some(Range {
                    start: at(col),
                    end: at(if which == 1 { col } else { col + 1 }),
                }),
                range_length: None,
                text: if which == 1 {
                    "x".into()
                } else {
                    String::new()
                },
            };
            doc.apply_changes(version, vec![change]);
            doc.snapshot.analysis(&options)
        })
    });
    assert_eq!(doc.snapshot.text.len(), texts[which].len());
    g.bench_function("parse-yaml", |b| {
        b.iter(|| iam_policy_ls::syntax::parse_yaml(black_box(&text)))
    });
    // The parts of a keystroke: re-reading the edited resource (`keystroke-read`), that and
    // analysing what changed (`keystroke-host`: the rest of `keystroke` is the text and the
    // line index), and the full read that an edit outside every resource costs.
    let mut hosts = [
        host::read(texts[0], Format::Yaml),
        host::read(texts[1], Format::Yaml),
    ];
    g.bench_function("keystroke-read", |b| {
        b.iter(|| {
            which ^= 1;
            let next = incremental::reread(&hosts[which ^ 1], texts[which], &edits[which])
                .expect("an edit inside one resource is re-read alone");
            hosts[which] = next;
        })
    });
    let mut cache = HostCache::default();
    analyze_host(texts[0], &hosts[0], &options, Some(&mut cache));
    g.bench_function("keystroke-host", |b| {
        b.iter(|| {
            which ^= 1;
            hosts[which] = incremental::reread(&hosts[which ^ 1], texts[which], &edits[which])
                .expect("re-read");
            analyze_host(texts[which], &hosts[which], &options, Some(&mut cache))
        })
    });
    g.bench_function("full-read", |b| {
        b.iter(|| {
            which ^= 1;
            host::read(black_box(texts[which]), Format::Yaml)
        })
    });
    let h = host::read(&text, Format::Yaml);
    g.bench_function("completion", |b| {
        b.iter(|| {
            let p = h.policy_at(offset).expect("a policy");
            completions(&text, p.parse(), black_box(offset))
        })
    });
    g.bench_function("hover", |b| {
        b.iter(|| {
            let p = h.policy_at(offset).expect("a policy");
            hover(p.parse(), black_box(offset), None)
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_parse, bench_analyze, bench_edit, bench_ide, bench_catalog, bench_template
}
criterion_main!(benches);
