//! Where policies live. A *host* document is a JSON or YAML file: a policy itself, or a
//! CloudFormation/SAM template, or a Serverless Framework file with policies inside it. This
//! layer reads the host with its front end (`syntax::parse` for JSON, `syntax::parse_yaml` for
//! YAML) into the format-neutral tree, finds the policy documents in it ([`locate`]), says what
//! kind each one is (from the property that holds it), and lowers the host's computed values
//! (`!Sub`, `Fn::Join`, `!GetAtt`, ...) into what the policy checks can read ([`lower`]).
//!
//! Invariants:
//! - Every range in an [`Embedded`] policy's tree is a byte range in the *host* text, so the
//!   analysis, completion and hover work on it unchanged and their answers land in the file.
//!   A policy written as a JSON string inside the host is parsed from the string's value and its
//!   ranges mapped back through the string's escapes and indentation ([`embedded`]).
//! - A computed value is never reported as wrong: what lowering cannot resolve stays a
//!   [`crate::syntax::Value::Computed`] node, which every check skips.
//! - Outside the policies the layer is silent: a YAML file that is no template and no policy
//!   yields no policies, and syntax errors outside the policies are not reported (the YAML and
//!   CloudFormation servers that people run beside this one report those).

pub mod analyze;
pub mod cfn;
pub mod edits;
pub mod embedded;
pub mod incremental;
pub mod lower;
pub mod sam;
pub mod table;
#[cfg(test)]
mod tests;

use crate::analysis::Finding;
use crate::policy::PolicyKind;
use crate::syntax::{Parse, TextRange, Value, parse, parse_yaml};
use std::sync::{Arc, OnceLock};

/// The largest document read for policies, by the server and `check` alike. No IAM policy
/// comes near it (the largest AWS managed policy is 230 KB) and a template this large is
/// generated, not typed: opening a 5 MB template costs a few hundred milliseconds once, and
/// then a keystroke costs the edited resource ([`incremental`]).
pub const MAX_HOST_BYTES: usize = 16 * 1024 * 1024;

/// Whether text too large to read looks like a template or a policy (in its first 64 KB), so
/// the user is told it is not checked; other large JSON and YAML files are none of our
/// business.
pub fn looks_like_policies(text: &str) -> bool {
    let mut head = text.len().min(64 * 1024);
    while !text.is_char_boundary(head) {
        head -= 1;
    }
    let head = &text[..head];
    head.contains("AWSTemplateFormatVersion")
        || head.contains("AWS::")
        || head.contains("\"Statement\"")
        || head.contains("Statement:")
}

/// The host's syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Format {
    #[default]
    Json,
    Yaml,
}

impl Format {
    /// The format of a document: from the editor's language id or the file's extension when
    /// they say, else from the content (JSON starts with `{`, `[` or a comment).
    pub fn detect(language_id: &str, path: Option<&str>, text: &str) -> Format {
        match language_id {
            "json" | "jsonc" => return Format::Json,
            "yaml" | "yml" | "cloudformation" => return Format::Yaml,
            _ => {}
        }
        if let Some(ext) = path.and_then(|p| p.rsplit_once('.')).map(|(_, e)| e) {
            match ext.to_ascii_lowercase().as_str() {
                "json" | "jsonc" => return Format::Json,
                "yaml" | "yml" => return Format::Yaml,
                _ => {}
            }
        }
        match text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .as_bytes()
            .first()
        {
            // `/` opens a JSONC comment (`//`, `/*`); YAML comments start with `#`.
            Some(b'{') | Some(b'[') | Some(b'/') | None => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// What the host document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HostKind {
    /// A policy document (JSON or YAML).
    Policy,
    /// A CloudFormation or SAM template.
    CloudFormation,
    /// A Serverless Framework `serverless.yml`.
    Serverless,
    /// Anything else: no policy features.
    #[default]
    Other,
}

/// Where an embedded policy sits in its host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The resource's logical ID (`MyRole`), or the host's section (`provider.iam`).
    pub resource: String,
    /// `AWS::IAM::Role`, ... (empty outside a Resources section).
    pub resource_type: String,
    /// The property path that holds the policy (`Policies[0].PolicyDocument`).
    pub property: String,
    /// The resource's key where the policy was read ([`Embedded::resource_range`] says where
    /// it is now).
    pub(in crate::host) resource_range: TextRange,
}

impl Origin {
    /// "AWS::IAM::Role MyRole, AssumeRolePolicyDocument": for hovers and code lenses.
    pub fn describe(&self) -> String {
        if self.resource_type.is_empty() {
            format!("{} {}", self.resource, self.property)
        } else {
            format!(
                "the {} property of {} {}",
                self.property, self.resource_type, self.resource
            )
        }
    }
}

/// One policy document found in a host.
#[derive(Clone, Debug)]
pub struct Embedded {
    /// The policy's tree, lowered, as it was read; its root is the policy object. Its ranges
    /// lie `shift` bytes before the host's: an incremental re-read moves the policies after an
    /// edit without touching their trees, and [`Embedded::parse`] moves a tree when it is
    /// asked for.
    read: Arc<Parse>,
    shift: i64,
    /// `read` moved by `shift`, made on first use.
    placed: OnceLock<Arc<Parse>>,
    /// The kind the host says the policy is (from its property, with the service whose
    /// resource a resource-based policy is attached to); `None` in a standalone policy, whose
    /// kind comes from configuration or its content.
    pub kind: Option<PolicyKind>,
    /// Where the policy was read (its `resource_range` where it was read: see
    /// [`Embedded::resource_range`]).
    pub origin: Option<Arc<Origin>>,
    /// The host wrote only a list of statements (Serverless `iam.role.statements`, SAM inline
    /// statements): the document-level elements (Version, Id) are not the user's to write.
    pub statements_only: bool,
    /// The policy was written as a string (JSON inside a YAML or JSON string): its ranges map
    /// through the string's quoting, so edits are offered only where they map one to one.
    pub in_string: bool,
}

impl Embedded {
    /// A document that is itself a policy: its kind comes from configuration or its content.
    pub fn standalone(parse: Arc<Parse>) -> Embedded {
        Embedded {
            read: parse,
            shift: 0,
            placed: OnceLock::new(),
            kind: None,
            origin: None,
            statements_only: false,
            in_string: false,
        }
    }

    /// The policy's tree with host ranges.
    pub fn parse(&self) -> &Arc<Parse> {
        if self.shift == 0 {
            return &self.read;
        }
        self.placed.get_or_init(|| {
            let mut parse = Parse::clone(&self.read);
            parse.shift(self.shift);
            Arc::new(parse)
        })
    }

    /// The policy's range in the host.
    pub fn range(&self) -> TextRange {
        self.read
            .root
            .as_ref()
            .map(|r| r.range().shifted(self.shift))
            .unwrap_or_default()
    }

    /// The same policy `delta` bytes further on (after an edit before it). Its tree is shared,
    /// not copied: the moved tree is made only when [`Embedded::parse`] asks for it.
    pub fn moved(&self, delta: i64) -> Embedded {
        Embedded {
            read: self.read.clone(),
            shift: self.shift + delta,
            placed: OnceLock::new(),
            origin: self.origin.clone(),
            kind: self.kind,
            statements_only: self.statements_only,
            in_string: self.in_string,
        }
    }

    /// Whether `other` is this policy, read once and at most moved since: the analysis of one
    /// holds for the other, moved by [`Embedded::moved_by`].
    pub fn same_reading(&self, other: &Embedded) -> bool {
        Arc::ptr_eq(&self.read, &other.read)
    }

    /// The key of the resource that holds the policy, in the host (for document symbols).
    pub fn resource_range(&self) -> Option<TextRange> {
        let o = self.origin.as_ref()?;
        Some(o.resource_range.shifted(self.shift))
    }

    /// The identity of the reading, shared by every move of it (see [`Embedded::same_reading`]).
    pub fn reading(&self) -> *const Parse {
        Arc::as_ptr(&self.read)
    }

    /// How far this policy has moved since `earlier`, the same reading.
    pub fn moved_by(&self, earlier: &Embedded) -> i64 {
        self.shift - earlier.shift
    }
}

/// A host document read: its format, what it is, and the policies in it.
#[derive(Debug, Default)]
pub struct Host {
    pub format: Format,
    pub kind: HostKind,
    pub policies: Vec<Embedded>,
    /// Findings about the host's own policy references, not about a policy document: an
    /// unknown managed policy name, a SAM policy template with a missing parameter, an IAM
    /// policy variable that `Fn::Sub` would try to resolve. Default severities; the analysis
    /// applies the user's.
    pub findings: Vec<Finding>,
    /// Names the host uses for policies it does not write out (an AWS managed policy, a SAM
    /// policy template), for hover.
    pub references: Vec<Reference>,
    /// A JSON document's whole parse (formatting, folding and the new file's skeleton read
    /// it); a standalone JSON policy shares it, uncopied. `None` for YAML.
    pub json: Option<Arc<Parse>>,
    /// Where a YAML template's resources lie, for re-reading only the edited one
    /// ([`incremental::reread`]); `None` where that cannot be done.
    pub layout: Option<incremental::Layout>,
}

/// A policy named rather than written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub range: TextRange,
    pub kind: ReferenceKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReferenceKind {
    ManagedPolicy(String),
    SamTemplate(String),
}

impl Reference {
    /// The hover for the name: what the policy grants.
    pub fn hover(&self) -> Option<String> {
        match &self.kind {
            ReferenceKind::ManagedPolicy(n) => sam::managed_hover(n),
            ReferenceKind::SamTemplate(n) => sam::template_hover(n),
        }
    }
}

impl Host {
    /// Whether policy features (diagnostics, hover, ...) apply to the document.
    pub fn has_policies(&self) -> bool {
        !self.policies.is_empty() || !self.findings.is_empty() || !self.references.is_empty()
    }

    /// The named policy at `offset`.
    pub fn reference_at(&self, offset: usize) -> Option<&Reference> {
        self.references.iter().find(|r| r.range.touches(offset))
    }

    /// The policy whose range touches `offset` (the innermost, should policies nest).
    pub fn policy_at(&self, offset: usize) -> Option<&Embedded> {
        self.policies
            .iter()
            .filter(|p| p.range().touches(offset))
            .min_by_key(|p| p.range().len())
    }
}

/// A host's own finding of `rule`, at the rule's default severity (the analysis applies the
/// user's, see `analyze::analyze_host`).
fn finding(rule: &'static crate::analysis::Rule, range: TextRange, message: String) -> Finding {
    Finding::new(rule.code, rule.severity, range, message.into())
}

/// Reads a host document.
pub fn read(text: &str, format: Format) -> Host {
    match format {
        Format::Json => {
            let parse = Arc::new(parse(text));
            Host {
                json: Some(parse.clone()),
                ..read_json(text, parse)
            }
        }
        Format::Yaml => read_yaml(text),
    }
}

fn read_json(text: &str, parse: Arc<Parse>) -> Host {
    match parse.root.as_ref() {
        // The locator takes its tree apart; the document's parse stays whole for formatting.
        Some(root) if cfn::is_template(root) => cfn::locate(text, root.clone(), Format::Json),
        Some(root) if is_policy(root) => Host {
            format: Format::Json,
            kind: HostKind::Policy,
            policies: vec![Embedded::standalone(parse)],
            ..Host::default()
        },
        _ => Host::default(),
    }
}

fn read_yaml(text: &str) -> Host {
    let documents = parse_yaml(text);
    // A template's resources can be re-read one at a time only when nothing else can reach
    // into them (see `incremental`): one document, and no anchor for an alias to copy.
    let alone = documents.len() == 1 && memchr::memchr(b'&', text.as_bytes()).is_none();
    let mut host = Host {
        format: Format::Yaml,
        ..Host::default()
    };
    for mut doc in documents {
        let Some(root) = doc.root.take() else {
            continue;
        };
        let found = if cfn::is_template(&root) {
            cfn::locate(text, root, Format::Yaml)
        } else if cfn::is_serverless(&root) {
            cfn::locate_serverless(text, root)
        } else if is_policy(&root) {
            let lowered = lower::Lowering::new(text, None).lower(root);
            Host {
                kind: HostKind::Policy,
                policies: vec![Embedded::standalone(Arc::new(Parse {
                    root: Some(lowered),
                    ..Parse::default()
                }))],
                ..Host::default()
            }
        } else {
            continue;
        };
        if host.kind == HostKind::Other {
            host.kind = found.kind;
        }
        let mut found = found;
        attach_syntax(&doc, &mut found.policies);
        host.policies.extend(found.policies);
        host.findings.extend(found.findings);
        host.references.extend(found.references);
        if alone {
            host.layout = found.layout;
        }
    }
    host
}

/// Whether a document (JSON or YAML) is itself an IAM policy: a top-level `Statement`, or a
/// `Version` with a policy-language date. Decides which files get policy features.
pub fn is_policy(root: &Value) -> bool {
    let Some(root) = root.as_object() else {
        return false;
    };
    root.members.iter().any(|m| {
        let key = m.key.value.as_str();
        key.eq_ignore_ascii_case("Statement")
            || (key.eq_ignore_ascii_case("Version")
                && m.value
                    .as_ref()
                    .and_then(|v| v.as_string())
                    .is_some_and(|s| {
                        s.value.starts_with("2012-10-17") || s.value.starts_with("2008-10-17")
                    }))
    })
}

/// Gives each policy found in a YAML document the syntax errors and comments inside it, so a
/// broken line inside a policy is reported there (and `# iam-policy-ls-ignore` works), while
/// errors outside every policy stay the YAML server's business.
pub(super) fn attach_syntax(doc: &Parse, policies: &mut [Embedded]) {
    for p in policies.iter_mut() {
        if p.in_string {
            continue;
        }
        let range = p.range();
        let inside = |r: TextRange| range.contains(r.start as usize);
        let errors: Vec<_> = doc
            .errors
            .iter()
            .filter(|e| inside(e.range))
            .cloned()
            .collect();
        let comments: Vec<_> = doc
            .comments
            .iter()
            .filter(|c| inside(c.range))
            .cloned()
            .collect();
        if errors.is_empty() && comments.is_empty() {
            continue;
        }
        // Just read, not moved yet: the tree is the one `parse()` gives.
        let parse = Arc::make_mut(&mut p.read);
        parse.errors.extend(errors);
        parse.comments.extend(comments);
    }
}
