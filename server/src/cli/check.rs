//! `iam-policy-ls check`: the language server's analysis for files, for CI.

use crate::analysis::{Finding, Severity};
use crate::config::Config;
use crate::host;
use crate::policy::PolicyKind;
use crate::registry::RULES;
use crate::text::{Encoding, LineIndex};
use clap::{Args, ValueEnum};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are reported, not read (the server's limit too).
const MAX_FILE_BYTES: u64 = crate::host::MAX_HOST_BYTES as u64;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
    Never,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories (searched for *.json, *.jsonc, *.yaml, *.yml and *.template, each
    /// checked when its content is a policy, a CloudFormation/SAM template or a Serverless
    /// file); `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// text: `path:line:column: severity[code]: message` with the line; json: findings with
    /// 1-based start/end lines and columns; sarif: SARIF 2.1.0 for code scanning. Lines and
    /// columns are 1-based in all three (columns in UTF-16 code units).
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Check every file as this policy type instead of inferring it: identity, resource, resource:SERVICE (e.g. resource:s3), trust, scp, rcp.
    #[arg(long, value_parser = parse_kind)]
    pub policy_type: Option<PolicyKind>,
    /// The configuration file (default: .iam-policy-ls.toml in the current directory).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Print a summary line with counts per rule.
    #[arg(long)]
    pub stats: bool,
}

fn parse_kind(s: &str) -> Result<PolicyKind, String> {
    PolicyKind::parse(s).ok_or_else(|| format!("\"{s}\" {}", crate::config::policy_type_problem(s)))
}

/// One checked file.
struct Report {
    path: String,
    text: String,
    findings: Vec<Finding>,
    /// A file that could not be read or is not text.
    problem: Option<String>,
    /// An empty file named on the command line: counted, and said.
    empty: bool,
}

pub fn run(args: CheckArgs) -> i32 {
    let (config, config_problems) = match load_config(args.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("iam-policy-ls: {e}");
            return 2;
        }
    };
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    // A mistyped configuration is an error too (exit 2), after the files are checked with the
    // rest of it: a CI run must not pass on a rule it silently ignored.
    let mut usage_problem = config_problems;
    for p in &args.paths {
        if p.as_os_str() == "-" {
            files.push((p.clone(), true));
        } else if p.is_dir() {
            let before = files.len();
            collect_dir(p, &config, &mut files);
            if files.len() == before {
                eprintln!(
                    "iam-policy-ls: {}: no *.json, *.jsonc, *.yaml, *.yml or *.template files",
                    p.display()
                );
            }
        } else if p.exists() {
            files.push((p.clone(), true));
        } else {
            eprintln!("iam-policy-ls: {}: no such file or directory", p.display());
            usage_problem = true;
        }
    }
    let reports = check_all(&files, &config, args.policy_type);
    let mut unreadable = false;
    for r in &reports {
        if let Some(p) = &r.problem {
            eprintln!("iam-policy-ls: {}: {p}", r.path);
            unreadable = true;
        }
    }
    let shown: Vec<&Report> = reports.iter().filter(|r| r.problem.is_none()).collect();
    // Files found in directories that hold no policy are skipped: said in the summary.
    let skipped = files.len() - reports.len();
    match args.format {
        Format::Text => print_text(&shown, skipped),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&json_report(&shown)).unwrap_or_default()
        ),
        Format::Sarif => println!(
            "{}",
            serde_json::to_string_pretty(&sarif_report(&shown)).unwrap_or_default()
        ),
    }
    if args.stats {
        print_stats(&shown);
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Information),
        FailOn::Hint => Some(Severity::Hint),
        FailOn::Never => None,
    };
    if usage_problem || unreadable {
        return 2;
    }
    let failing = threshold.is_some_and(|t| {
        shown
            .iter()
            .any(|r| r.findings.iter().any(|f| f.severity <= t))
    });
    i32::from(failing)
}

/// The configuration, and whether it had problems (each printed as an error).
fn load_config(path: Option<&Path>) -> Result<(Config, bool), String> {
    let loaded = match path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            Some(Config::from_toml(&text).map_err(|e| format!("{}: {e}", p.display()))?)
        }
        None => Config::load_dir(Path::new("."))?,
    };
    Ok(match loaded {
        Some((config, problems)) => {
            for p in &problems {
                eprintln!("iam-policy-ls: configuration error: {p}");
            }
            (config, !problems.is_empty())
        }
        None => (Config::default(), false),
    })
}

/// Policy files below `dir`, sorted, skipping hidden directories, node_modules and ignored paths.
/// Files found in directories are only checked when they look like policies.
fn collect_dir(dir: &Path, config: &Config, out: &mut Vec<(PathBuf, bool)>) {
    let mut stack = vec![dir.to_path_buf()];
    let mut found = Vec::new();
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let name = e.file_name();
            let name = name.to_string_lossy();
            if config.is_ignored(path.strip_prefix(dir).unwrap_or(&path)) {
                continue;
            }
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                if !name.starts_with('.') && name != "node_modules" && name != "target" {
                    stack.push(path);
                }
            } else if [".json", ".jsonc", ".yaml", ".yml", ".template"]
                .iter()
                .any(|ext| name.ends_with(ext))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    out.extend(found.into_iter().map(|p| (p, false)));
}

fn check_all(files: &[(PathBuf, bool)], config: &Config, kind: Option<PolicyKind>) -> Vec<Report> {
    // Two threads: the machine this targets has two cores; more threads buy nothing there.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = files.len().div_ceil(threads).max(1);
    let mut reports: Vec<Report> = Vec::with_capacity(files.len());
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .filter_map(|(p, explicit)| check_file(p, *explicit, config, kind))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            match h.join() {
                Ok(part) => reports.extend(part),
                Err(_) => eprintln!(
                    "iam-policy-ls: internal error while checking; some files were skipped"
                ),
            }
        }
    });
    reports
}

fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| e.to_string())?;
        if buf.len() as u64 > MAX_FILE_BYTES {
            return Err(format!(
                "standard input is larger than {} MB: not a policy",
                MAX_FILE_BYTES / (1024 * 1024)
            ));
        }
        return Ok(buf);
    }
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{} bytes is larger than {} MB: not a policy; skipped",
            meta.len(),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}

fn check_file(
    path: &Path,
    explicit: bool,
    config: &Config,
    kind: Option<PolicyKind>,
) -> Option<Report> {
    let display = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let bytes = match read_input(path) {
        Ok(b) => b,
        Err(e) => {
            return Some(Report {
                path: display,
                text: String::new(),
                findings: Vec::new(),
                problem: Some(e),
                empty: false,
            });
        }
    };
    if bytes.contains(&0) {
        let problem = Some("a binary file, not a policy".to_string());
        return explicit.then_some(Report {
            path: display,
            text: String::new(),
            findings: Vec::new(),
            problem,
            empty: false,
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let problem = Some(format!(
                "not valid UTF-8 (at byte {})",
                e.utf8_error().valid_up_to()
            ));
            return explicit.then_some(Report {
                path: display,
                text: String::new(),
                findings: Vec::new(),
                problem,
                empty: false,
            });
        }
    };
    if explicit && text.trim_start_matches('\u{feff}').trim().is_empty() {
        eprintln!("iam-policy-ls: {display}: empty file: nothing to check");
        return Some(Report {
            path: display,
            text,
            findings: Vec::new(),
            problem: None,
            empty: true,
        });
    }
    let format = host::Format::detect("", path.to_str(), &text);
    let document = host::read(&text, format);
    if !document.has_policies() {
        if !explicit {
            return None;
        }
        if format == host::Format::Yaml {
            // Not an error: the file is simply not ours to check.
            eprintln!(
                "iam-policy-ls: {display}: not an IAM policy, CloudFormation/SAM template or Serverless file: nothing to check"
            );
            return Some(Report {
                path: display,
                text,
                findings: Vec::new(),
                problem: None,
                empty: false,
            });
        }
    }
    let jsonc = path.extension().is_some_and(|e| e == "jsonc");
    let mut options = config.options_for(Some(path), jsonc);
    if kind.is_some() {
        // For standalone policies: a template's policies take their kind from their property.
        options.kind = kind;
        options.kind_source = Some("--policy-type".into());
    }
    let result = host::analyze::analyze_document(&text, &document, &options);
    Some(Report {
        path: display,
        text,
        findings: result.findings,
        problem: None,
        empty: false,
    })
}

fn line_col(lines: &LineIndex, text: &str, offset: u32) -> (u32, u32) {
    let p = lines.line_col(text, offset as usize, Encoding::Utf16);
    (p.line, p.column)
}

fn print_text(reports: &[&Report], skipped: usize) {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut errors, mut warnings, mut others) = (0, 0, 0);
    for r in reports {
        let lines = LineIndex::new(&r.text);
        for f in &r.findings {
            let (line, col) = line_col(&lines, &r.text, f.range.start);
            let _ = writeln!(
                out,
                "{}:{}:{}: {}[{}]: {}",
                r.path,
                line + 1,
                col + 1,
                f.severity.name(),
                f.code,
                f.message
            );
            let source = lines.line_text(&r.text, line as usize);
            let caret_len = if f.range.is_empty() {
                1
            } else {
                r.text
                    .get(f.range.as_range())
                    .map_or(1, |s| s.lines().next().unwrap_or("").chars().count().max(1))
            };
            let prefix: String = source
                .chars()
                .take(col as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "    {source}\n    {prefix}{}", "^".repeat(caret_len));
            match f.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                _ => others += 1,
            }
        }
    }
    let empty = reports.iter().filter(|r| r.empty).count();
    let _ = writeln!(
        out,
        "{} file{} checked{}{}: {errors} error{}, {warnings} warning{}, {others} other finding{}",
        reports.len(),
        plural(reports.len()),
        if empty > 0 {
            format!(" ({empty} empty)")
        } else {
            String::new()
        },
        if skipped > 0 {
            format!(
                ", {skipped} skipped (no policy, template or Serverless file in {})",
                if skipped == 1 { "it" } else { "them" }
            )
        } else {
            String::new()
        },
        plural(errors),
        plural(warnings),
        plural(others)
    );
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn print_stats(reports: &[&Report]) {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for r in reports {
        for f in &r.findings {
            *counts.entry(f.code).or_default() += 1;
        }
    }
    eprintln!("findings per rule:");
    for (code, n) in counts {
        eprintln!("  {code:<40} {n}");
    }
}

fn json_report(reports: &[&Report]) -> serde_json::Value {
    let files: Vec<serde_json::Value> = reports
        .iter()
        .map(|r| {
            let lines = LineIndex::new(&r.text);
            let findings: Vec<serde_json::Value> = r
                .findings
                .iter()
                .map(|f| {
                    let (sl, sc) = line_col(&lines, &r.text, f.range.start);
                    let (el, ec) = line_col(&lines, &r.text, f.range.end);
                    serde_json::json!({
                        "code": f.code,
                        "severity": f.severity.name(),
                        "message": &*f.message,
                        // 1-based, as in the text and SARIF output (columns in UTF-16
                        // code units, as editors count them).
                        "start": { "line": sl + 1, "column": sc + 1 },
                        "end": { "line": el + 1, "column": ec + 1 },
                        "suggestions": &*f.suggestions,
                    })
                })
                .collect();
            serde_json::json!({ "path": r.path, "findings": findings })
        })
        .collect();
    serde_json::json!({ "files": files })
}

fn sarif_report(reports: &[&Report]) -> serde_json::Value {
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.code,
                "shortDescription": { "text": r.summary },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        let lines = LineIndex::new(&r.text);
        for f in &r.findings {
            let (sl, sc) = line_col(&lines, &r.text, f.range.start);
            let (el, ec) = line_col(&lines, &r.text, f.range.end);
            results.push(serde_json::json!({
                "ruleId": f.code,
                "level": sarif_level(f.severity),
                "message": { "text": &*f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": r.path.replace('\\', "/") },
                        "region": { "startLine": sl + 1, "startColumn": sc + 1, "endLine": el + 1, "endColumn": ec + 1 }
                    }
                }]
            }));
        }
    }
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "iam-policy-ls", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://github.com/iam-policy-ls/iam-policy-ls", "rules": rules } },
            "results": results
        }]
    })
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}
