//! The language server: tower-lsp-server's `LanguageServer` implemented over the document store.

use super::convert::{self, CompletionShape};
use super::documents::{Document, Snapshot};
use crate::analysis::{Analysis, Options};
use crate::config::{Config, RawConfig};
use crate::host::{self, Embedded, Format, HostKind};
use crate::ide;
use crate::syntax::{Parse, TextRange};
use crate::text::Encoding;
use dashmap::DashMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

/// The `source` code action kinds this server offers besides quick fixes and rewrites.
const FIX_ALL: &str = "source.fixAll.iam-policy-ls";
const SORT_ACTIONS: &str = "source.sortActions";

#[derive(Default)]
struct Settings {
    encoding: Encoding,
    root: Option<PathBuf>,
    /// `.iam-policy-ls.toml` at the root, as written.
    file: RawConfig,
    /// Whether a `.iam-policy-ls.toml` was found (at the root, or above the first document
    /// opened when there is none there).
    file_found: bool,
    /// The editor's settings, as sent (kept to merge over a file found later).
    editor: RawConfig,
    /// The file's configuration with the client's settings on top (see `apply_settings`).
    config: Config,
    /// The `inlayHints` setting: `Some(false)` turns inlay hints off (on by default).
    inlay_hints: Option<bool>,
    /// Whether the client pulls diagnostics (`textDocument/diagnostic`), which the server
    /// offers only to clients that accept `workspace/diagnostic/refresh` (to be told to pull
    /// again when the configuration changes). Each client gets one channel: a client that pulls
    /// is never pushed to, or it would show every problem twice.
    pull: bool,
    /// What the client's completion replies may hold: documentation as Markdown or plain text
    /// (the first of the two in its `documentationFormat`), and the `itemDefaults` it takes.
    completion: CompletionShape,
    /// Whether the client prefers Markdown (else plain text) for hovers (its `contentFormat`).
    markdown_hover: bool,
    /// Configuration problems found during `initialize`, shown once the client is initialized.
    pending_problems: Vec<String>,
}

/// Whether a client's list of content formats, in its order of preference, puts Markdown first
/// (an absent list means plain text).
fn prefers_markdown(formats: Option<&Vec<MarkupKind>>) -> bool {
    formats
        .and_then(|f| {
            f.iter()
                .find(|k| matches!(k, MarkupKind::Markdown | MarkupKind::PlainText))
        })
        .is_some_and(|k| *k == MarkupKind::Markdown)
}

impl Settings {
    /// Documentation (written in Markdown) in the client's format for completion items.
    fn docs(&self, markdown: String) -> MarkupContent {
        convert::markup(markdown, self.completion.markdown)
    }

    /// Documentation in the client's format for hovers.
    fn hover(&self, markdown: String) -> MarkupContent {
        convert::markup(markdown, self.markdown_hover)
    }
}

pub(super) type Docs = Arc<DashMap<Uri, Document>>;
type SharedSettings = Arc<RwLock<Settings>>;

/// What the server and the layers in front of it ([`super::completion::Completion`]) share.
#[derive(Clone, Default)]
pub(super) struct Shared {
    settings: SharedSettings,
    /// Set once `initialize` has been answered, and once `shutdown` has.
    pub initialized: Arc<AtomicBool>,
    pub shutdown: Arc<AtomicBool>,
}

impl Shared {
    pub fn completion_shape(&self) -> CompletionShape {
        self.settings
            .read()
            .map(|s| s.completion)
            .unwrap_or_default()
    }
}

pub struct Backend {
    /// For requests to the client outside the diagnostics worker (refreshes).
    client: Client,
    docs: Docs,
    /// The settings (`shared.settings`) and the flags the layers in front of it read.
    shared: Shared,
    /// Documents whose diagnostics need computing: see [`diagnostics_worker`].
    dirty: mpsc::UnboundedSender<(Uri, bool)>,
}

/// Runs the server on stdin/stdout until the client says `exit`. Returns the process exit code:
/// 0 when `shutdown` came first, 1 otherwise (as the LSP specification asks).
pub async fn run_stdio() -> i32 {
    let shared = Shared::default();
    let docs: Docs = Arc::new(DashMap::new());
    let (for_server, docs_for_server) = (shared.clone(), docs.clone());
    let (service, socket) = LspService::new(move |client| {
        let (docs, shared) = (docs_for_server, for_server);
        let (dirty, queue) = mpsc::unbounded_channel();
        tokio::spawn(diagnostics_worker(
            client.clone(),
            docs.clone(),
            shared.settings.clone(),
            queue,
        ));
        Backend {
            client,
            docs,
            shared,
            dirty,
        }
    });
    let service = super::completion::Completion {
        inner: service,
        docs,
        shared: shared.clone(),
    };
    let (input, output) = super::transport::guarded_io(tokio::io::stdin(), tokio::io::stdout());
    Server::new(input, output, socket).serve(service).await;
    if shared.shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// The one task that publishes diagnostics. Notification handlers only mark a document dirty;
/// the worker analyses the *latest* snapshot of each dirty document (off the async threads) and
/// publishes in order, so publications never arrive out of version order, a burst of changes
/// costs one analysis, a closed document gets an empty list last, and a slow analysis never
/// holds up requests.
/// Each queued entry is a document and whether to republish even an already published version
/// (after a configuration change).
async fn diagnostics_worker(
    client: Client,
    docs: Docs,
    settings: SharedSettings,
    mut queue: mpsc::UnboundedReceiver<(Uri, bool)>,
) {
    let mut published: std::collections::HashMap<Uri, i32> = std::collections::HashMap::new();
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while let Ok(more) = queue.try_recv() {
            match batch.iter_mut().find(|(u, _)| *u == more.0) {
                Some(entry) => entry.1 |= more.1,
                None => batch.push(more),
            }
        }
        for (uri, force) in batch {
            let snap = docs.get(&uri).map(|d| d.snapshot.clone());
            let Some(snap) = snap else {
                published.remove(&uri);
                client.publish_diagnostics(uri, Vec::new(), None).await;
                continue;
            };
            if !force && published.get(&uri) == Some(&snap.version) {
                continue;
            }
            let (options, ignored) = {
                let s = settings.read().unwrap_or_else(|e| e.into_inner());
                (options_for(&s, &uri, &snap), is_ignored(&s, &uri))
            };
            let diagnostics = if snap.is_policy && !ignored {
                let job = snap.clone();
                let computed = tokio::task::spawn_blocking(move || {
                    guarded("diagnostics", || {
                        let a = job.analysis(&options);
                        convert::diagnostics(&job, &a.findings)
                    })
                })
                .await;
                match computed {
                    Ok(Ok(d)) => d,
                    _ => Vec::new(),
                }
            } else {
                Vec::new()
            };
            // Closed, or changed again meanwhile (then it is queued again): publish nothing stale.
            let current = docs.get(&uri).map(|d| d.snapshot.version);
            if current != Some(snap.version) {
                continue;
            }
            published.insert(uri.clone(), snap.version);
            client
                .publish_diagnostics(uri, diagnostics, Some(snap.version))
                .await;
        }
    }
}

/// Runs a feature, turning a panic (a bug we have not found yet) into an error response so the
/// server keeps serving.
pub(super) fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let msg = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("iam-policy-ls: internal error in {what}: {msg}");
        Error {
            code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
            message: format!("internal error in {what}: {msg}").into(),
            data: None,
        }
    })
}

/// Analysis options for a document: the configuration's, for its path relative to the root.
/// A document's path relative to the workspace root (absolute without a root), as the
/// configuration's globs read it.
fn relative_path(settings: &Settings, uri: &Uri) -> Option<PathBuf> {
    let path = uri.to_file_path().map(|p| p.into_owned())?;
    match &settings.root {
        Some(root) => path.strip_prefix(root).ok().map(|r| r.to_path_buf()),
        None => Some(path),
    }
}

/// Whether the configuration's `ignore` globs (the file's and the editor's) leave a document
/// unchecked: it then gets no diagnostics, as `check` skips it.
fn is_ignored(settings: &Settings, uri: &Uri) -> bool {
    relative_path(settings, uri).is_some_and(|r| settings.config.is_ignored(&r))
}

fn options_for(settings: &Settings, uri: &Uri, snap: &Snapshot) -> Options {
    let path = uri.to_file_path().map(|p| p.into_owned());
    let relative = relative_path(settings, uri);
    let jsonc = snap.language_id == "jsonc"
        || path
            .as_ref()
            .is_some_and(|p| p.extension().is_some_and(|e| e == "jsonc"));
    settings.config.options_for(relative.as_deref(), jsonc)
}

/// The policy kind the analysis checks a policy as, and why in words, for hovers and code
/// lenses; `None` when it is not a policy object.
fn shown_kind(
    snap: &Snapshot,
    embedded: &Embedded,
    options: &Options,
) -> Option<(crate::policy::PolicyKind, String)> {
    let policy = crate::policy::Policy::from_parse(embedded.parse())?;
    let options = host::analyze::policy_options(snap.host.format, embedded, options);
    let (kind, why) = options.policy_kind(Some(&policy));
    Some((kind, why.map(|w| w.describe()).unwrap_or_default()))
}

/// The parse features read at `offset`: the policy there, or (a new, empty JSON file) the
/// document's own parse, where completion offers the policy skeleton.
pub(super) fn parse_at(snap: &Snapshot, offset: usize) -> Option<&Parse> {
    match snap.policy_at(offset) {
        Some(p) => Some(p.parse()),
        None if snap.host.format == Format::Json && Backend::wants_policy_features(snap) => {
            Some(snap.json())
        }
        None => None,
    }
}

impl Backend {
    fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.docs.get(uri).map(|d| d.snapshot.clone())
    }

    /// The snapshot when policy features apply to it.
    fn policy_snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.snapshot(uri).filter(|s| s.is_policy)
    }

    /// The snapshot when the whole document is a JSON policy: formatting and folding are for
    /// those only. Other JSON (a `package.json`, a template) and YAML belong to their own
    /// servers: an editor that formats on save with the first server that can (Helix) must not
    /// get this one's formatting of a file that is no policy.
    fn json_policy_snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.snapshot(uri)
            .filter(|s| s.host.format == Format::Json && s.host.kind == HostKind::Policy)
    }

    /// A hover's Markdown in the client's format.
    fn hover_content(&self, markdown: String) -> MarkupContent {
        self.shared
            .settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .hover(markdown)
    }

    fn encoding(&self) -> Encoding {
        self.shared
            .settings
            .read()
            .map(|s| s.encoding)
            .unwrap_or_default()
    }

    fn options_for(&self, uri: &Uri, snap: &Snapshot) -> Options {
        let settings = self
            .shared
            .settings
            .read()
            .unwrap_or_else(|e| e.into_inner());
        options_for(&settings, uri, snap)
    }

    fn analyze(&self, uri: &Uri, snap: &Snapshot) -> Arc<Analysis> {
        snap.analysis(&self.options_for(uri, snap))
    }

    /// Whether policy features apply: the content is a policy, or is still empty (a new file).
    fn wants_policy_features(snap: &Snapshot) -> bool {
        snap.is_policy
            || match &snap.json().root {
                None => snap.text.trim().is_empty(),
                Some(v) => v.as_object().is_some_and(|o| o.members.is_empty()),
            }
    }

    /// Whether diagnostics are pushed to this client (it does not pull them).
    fn pushes(&self) -> bool {
        !self.shared.settings.read().map(|s| s.pull).unwrap_or(false)
    }

    /// Queues the document for the diagnostics worker, for clients that are pushed to.
    fn mark_dirty(&self, uri: Uri) {
        if self.pushes() {
            let _ = self.dirty.send((uri, false));
        }
    }

    /// Client settings go on top of `.iam-policy-ls.toml`: their rules and policy types
    /// override the file's, their ignores add to it. Empty settings restore the file's.
    /// Returns the problems found in the settings and the file (for the user to see).
    fn apply_settings(&self, value: &serde_json::Value) -> Vec<String> {
        // Accept `{ "iamPolicyLs": {...} }`, `{ "iam-policy-ls": {...} }` or the keys directly.
        let inner = value
            .get("iamPolicyLs")
            .or_else(|| value.get("iam-policy-ls"))
            .unwrap_or(value);
        // Not a `RawConfig` key (that is the file's format): read it from the raw JSON.
        let inlay = inner.get("inlayHints").and_then(serde_json::Value::as_bool);
        self.shared
            .settings
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .inlay_hints = inlay;
        let editor = if inner.is_null() {
            Ok((RawConfig::default(), Vec::new()))
        } else {
            RawConfig::from_settings(inner)
        };
        match editor {
            Ok((raw, mut problems)) => {
                let mut s = self
                    .shared
                    .settings
                    .write()
                    .unwrap_or_else(|e| e.into_inner());
                let (config, more) = Config::from_raw(&s.file.merged(&raw));
                problems.extend(more);
                for p in &problems {
                    eprintln!("iam-policy-ls: settings: {p}");
                }
                s.config = config;
                s.editor = raw;
                problems
            }
            Err(e) => {
                eprintln!("iam-policy-ls: ignoring settings: {e}");
                vec![format!("the settings were ignored: {e}")]
            }
        }
    }

    /// Without a `.iam-policy-ls.toml` at the root (or without a root), the nearest one above
    /// a document opened is the workspace's: its directory becomes the root its globs are
    /// relative to, and the editor's settings are merged over it. Returns its problems.
    fn adopt_config_near(&self, uri: &Uri) -> Vec<String> {
        if self
            .shared
            .settings
            .read()
            .map(|s| s.file_found)
            .unwrap_or(true)
        {
            return Vec::new();
        }
        let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
            return Vec::new();
        };
        let Some(dir) = path
            .ancestors()
            .skip(1)
            .find(|d| d.join(crate::config::FILE_NAME).is_file())
        else {
            return Vec::new();
        };
        let mut s = self
            .shared
            .settings
            .write()
            .unwrap_or_else(|e| e.into_inner());
        s.file_found = true;
        match RawConfig::load_dir(dir) {
            Ok(Some(raw)) => {
                let (config, problems) = Config::from_raw(&raw.merged(&s.editor));
                s.config = config;
                s.file = raw;
                s.root = Some(dir.to_path_buf());
                problems
                    .into_iter()
                    .map(|p| format!("{}: {p}", dir.join(crate::config::FILE_NAME).display()))
                    .collect()
            }
            Ok(None) => Vec::new(),
            Err(e) => vec![e],
        }
    }

    /// Tells the user what is wrong in the configuration (a mistyped rule or severity), with
    /// the suggestion: it would otherwise be ignored without a word.
    async fn show_config_problems(&self, problems: Vec<String>) {
        if problems.is_empty() {
            return;
        }
        let message = format!("iam-policy-ls configuration: {}", problems.join("; "));
        self.client
            .show_message(MessageType::WARNING, message)
            .await;
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let diagnostic_refresh = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        let pull_diagnostics = params
            .capabilities
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some());
        let pull = pull_diagnostics && diagnostic_refresh;
        let text = params.capabilities.text_document.as_ref();
        let markdown_docs = prefers_markdown(
            text.and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.documentation_format.as_ref()),
        );
        let markdown_hover = prefers_markdown(
            text.and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref()),
        );
        let item_defaults = text
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_list.as_ref())
            .and_then(|l| l.item_defaults.as_ref());
        let defaults = |name: &str| item_defaults.is_some_and(|d| d.iter().any(|n| n == name));
        if let Ok(mut s) = self.shared.settings.write() {
            s.pull = pull;
            s.completion = CompletionShape {
                markdown: markdown_docs,
                default_edit_range: defaults("editRange"),
                default_data: defaults("data"),
            };
            s.markdown_hover = markdown_hover;
        }
        let utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .and_then(|f| f.uri.to_file_path().map(|p| p.into_owned()));
        // Then the older rootUri and rootPath (Helix outside a git repository sends only
        // rootPath), then the working directory when the configuration file is there; else
        // the file is looked for above the first document opened (`adopt_config_near`).
        #[allow(deprecated)]
        let root = root
            .or_else(|| {
                params
                    .root_uri
                    .as_ref()
                    .and_then(|u| u.to_file_path().map(|p| p.into_owned()))
            })
            .or_else(|| params.root_path.as_ref().map(PathBuf::from))
            .or_else(|| {
                std::env::current_dir()
                    .ok()
                    .filter(|d| d.join(crate::config::FILE_NAME).is_file())
            });
        {
            let mut s = self
                .shared
                .settings
                .write()
                .unwrap_or_else(|e| e.into_inner());
            s.encoding = if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            };
            if let Some(dir) = &root {
                match RawConfig::load_dir(dir) {
                    Ok(Some(raw)) => {
                        let (config, problems) = Config::from_raw(&raw);
                        for p in &problems {
                            eprintln!("iam-policy-ls: {}: {p}", crate::config::FILE_NAME);
                        }
                        s.pending_problems.extend(
                            problems
                                .into_iter()
                                .map(|p| format!("{}: {p}", crate::config::FILE_NAME)),
                        );
                        s.config = config;
                        s.file = raw;
                        s.file_found = true;
                    }
                    Ok(None) => {}
                    Err(e) => {
                        eprintln!("iam-policy-ls: {e}");
                        s.pending_problems.push(e);
                    }
                }
            }
            s.root = root;
        }
        if let Some(opts) = &params.initialization_options {
            let problems = self.apply_settings(opts);
            self.shared
                .settings
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .pending_problems
                .extend(problems);
        }
        self.shared.initialized.store(true, Ordering::SeqCst);
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "iam-policy-ls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..Default::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["\"".into(), ":".into(), "$".into(), "{".into()]),
                    // Action documentation comes on resolve: a list of 700 ec2 actions with
                    // full docs would be hundreds of kilobytes per keystroke.
                    resolve_provider: Some(true),
                    ..Default::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::REFACTOR_REWRITE,
                            CodeActionKind::new(FIX_ALL),
                            CodeActionKind::new(SORT_ACTIONS),
                        ]),
                        ..Default::default()
                    },
                )),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: Default::default(),
                }),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: convert::semantic_legend(),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: Some(false),
                            ..Default::default()
                        },
                    ),
                ),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                // Pull diagnostics only for clients that can be told to pull again
                // (`workspace/diagnostic/refresh`): others would keep stale results after a
                // configuration change, so they get push diagnostics only.
                diagnostic_provider: pull.then_some(DiagnosticServerCapabilities::Options(
                    DiagnosticOptions {
                        identifier: Some("iam-policy-ls".to_string()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        ..Default::default()
                    },
                )),
                ..Default::default()
            },
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let problems = std::mem::take(
            &mut self
                .shared
                .settings
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .pending_problems,
        );
        self.show_config_problems(problems).await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let problems = self.adopt_config_near(&d.uri);
        self.show_config_problems(problems).await;
        if d.text.len() > crate::host::MAX_HOST_BYTES && crate::host::looks_like_policies(&d.text) {
            let message = format!(
                "iam-policy-ls: {} is {:.1} MB; files over {} MB are not checked",
                d.uri.path(),
                d.text.len() as f64 / (1024.0 * 1024.0),
                crate::host::MAX_HOST_BYTES / (1024 * 1024)
            );
            self.client.show_message(MessageType::INFO, message).await;
        }
        let doc = Document::open(d.version, &d.language_id, d.text, self.encoding());
        self.docs.insert(d.uri.clone(), doc);
        self.mark_dirty(d.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let Some(mut doc) = self.docs.get_mut(&uri) else {
                eprintln!(
                    "iam-policy-ls: didChange for a document that is not open: {}",
                    uri.as_str()
                );
                return;
            };
            let version = params.text_document.version;
            let changes = params.content_changes;
            if guarded(
                "didChange",
                AssertUnwindSafe(|| doc.apply_changes(version, changes)),
            )
            .is_err()
            {
                return;
            }
        }
        self.mark_dirty(uri);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.docs.remove(&uri);
        self.mark_dirty(uri);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let problems = self.apply_settings(&params.settings);
        self.show_config_problems(problems).await;
        if self.pushes() {
            let open: Vec<Uri> = self.docs.iter().map(|e| e.key().clone()).collect();
            open.into_iter().for_each(|uri| {
                let _ = self.dirty.send((uri, true));
            });
        } else {
            // Clients that pull diagnostics learn of the new configuration only when told.
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.workspace_diagnostic_refresh().await;
            });
        }
    }

    async fn completion_resolve(&self, mut item: CompletionItem) -> Result<CompletionItem> {
        // Action and ARN template items are sent without documentation and are named by
        // their label.
        let document: Option<fn(&str) -> Option<String>> = match item.kind {
            Some(CompletionItemKind::FUNCTION) => Some(ide::action_documentation),
            Some(CompletionItemKind::REFERENCE) => Some(ide::arn_template_documentation),
            _ => None,
        };
        if let (None, Some(document)) = (&item.documentation, document) {
            let doc = guarded("completionItem/resolve", || document(&item.label))?;
            let settings = self
                .shared
                .settings
                .read()
                .unwrap_or_else(|e| e.into_inner());
            item.documentation =
                doc.map(|value| Documentation::MarkupContent(settings.docs(value)));
        }
        Ok(item)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let pos = params.text_document_position_params;
        let uri = pos.text_document.uri;
        let Some(snap) = self.snapshot(&uri) else {
            return Ok(None);
        };
        if !snap.is_policy {
            return Ok(None);
        }
        let options = self.options_for(&uri, &snap);
        guarded("hover", || {
            let offset = snap.offset(pos.position);
            // A managed policy or SAM policy template named in a template: what it grants.
            if let Some(r) = snap.host.reference_at(offset) {
                return r.hover().map(|value| Hover {
                    contents: HoverContents::Markup(self.hover_content(value)),
                    range: Some(snap.range(r.range)),
                });
            }
            let policy = snap.policy_at(offset)?;
            ide::hover(policy.parse(), offset, shown_kind(&snap, policy, &options)).map(|h| Hover {
                contents: HoverContents::Markup(self.hover_content(h.markdown)),
                range: Some(snap.range(h.range)),
            })
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(snap) = self.snapshot(&uri) else {
            return Ok(None);
        };
        if !snap.is_policy {
            return Ok(None);
        }
        let only = params.context.only.clone();
        // A kind is wanted when the client asked for no kinds, or for it or a parent of it.
        let wanted = |kind: &str| {
            only.as_ref().is_none_or(|o| {
                o.iter().any(|k| {
                    let k = k.as_str();
                    kind == k || kind.starts_with(&format!("{k}."))
                })
            })
        };
        let analysis = guarded("codeAction", || self.analyze(&uri, &snap))?;
        let start = snap.offset(params.range.start);
        let end = snap.offset(params.range.end);
        let edit_of = |edits: Vec<TextEdit>| {
            let mut changes = std::collections::HashMap::new();
            changes.insert(uri.clone(), edits);
            WorkspaceEdit {
                changes: Some(changes),
                ..Default::default()
            }
        };
        let mut actions = Vec::new();
        if wanted(CodeActionKind::QUICKFIX.as_str()) {
            for f in &analysis.findings {
                let (fs, fe) = (f.range.start as usize, f.range.end as usize);
                if fe < start || fs > end || !f.has_fix() {
                    continue;
                }
                let diag = convert::diagnostic(&snap, f);
                for fix in f.all_fixes() {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diag.clone()]),
                        edit: Some(edit_of(convert::text_edits(&snap, &fix.edits))),
                        is_preferred: Some(fix.preferred),
                        ..Default::default()
                    }));
                }
            }
        }
        let assists = guarded("codeAction", || {
            let mut out = Vec::new();
            if let Some(policy) = snap
                .policy_at(start)
                .filter(|_| wanted(CodeActionKind::REFACTOR_REWRITE.as_str()))
            {
                out.extend(
                    ide::actions::rewrites(
                        &snap.text,
                        policy.parse(),
                        crate::syntax::TextRange::new(start, end),
                    )
                    .into_iter()
                    .filter_map(|a| in_host_syntax(&snap, policy, a)),
                );
            }
            // Source actions apply to the whole document: offered only when the client asks
            // for them by kind (`only: ["source"]`, as the editors' source-action menus and
            // on-save hooks do), not on every cursor move.
            if only.is_some() && wanted(FIX_ALL) {
                out.extend(ide::actions::fix_all(&analysis.findings));
            }
            if only.is_some() && wanted(SORT_ACTIONS) {
                for policy in &snap.host.policies {
                    out.extend(
                        ide::actions::sort_all_actions(&snap.text, policy.parse())
                            .and_then(|a| in_host_syntax(&snap, policy, a)),
                    );
                }
            }
            out
        })?;
        for a in assists {
            let kind = match a.kind {
                ide::actions::AssistKind::Rewrite => CodeActionKind::REFACTOR_REWRITE,
                ide::actions::AssistKind::FixAll => CodeActionKind::new(FIX_ALL),
                ide::actions::AssistKind::SortActions => CodeActionKind::new(SORT_ACTIONS),
            };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: a.title,
                kind: Some(kind),
                edit: Some(edit_of(convert::text_edits(&snap, &a.edits))),
                ..Default::default()
            }));
        }
        Ok((!actions.is_empty()).then_some(actions))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some(snap) = self.policy_snapshot(&params.text_document.uri) else {
            return Ok(None);
        };
        guarded("documentSymbol", || {
            let symbols: Vec<DocumentSymbol> = host_symbols(&snap)
                .into_iter()
                .map(|s| convert::document_symbol(&snap, s))
                .collect();
            Some(DocumentSymbolResponse::Nested(symbols))
        })
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some(snap) = self.json_policy_snapshot(&params.text_document.uri) else {
            return Ok(None);
        };
        guarded("foldingRange", || {
            let ranges = ide::structure::folding_ranges(&snap.text, snap.json())
                .into_iter()
                .filter_map(|r| {
                    let lr = snap.range(r);
                    // Keep the closing bracket visible.
                    let end_line = lr.end.line.saturating_sub(1);
                    (end_line > lr.start.line).then(|| FoldingRange {
                        start_line: lr.start.line,
                        end_line,
                        ..Default::default()
                    })
                })
                .collect();
            Some(ranges)
        })
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        let Some(snap) = self.policy_snapshot(&params.text_document.uri) else {
            return Ok(None);
        };
        guarded("selectionRange", || {
            let out = params
                .positions
                .iter()
                .map(|p| {
                    let offset = snap.offset(*p);
                    let chain = match snap.host.format {
                        Format::Json => {
                            ide::structure::selection_ranges(&snap.text, snap.json(), offset)
                        }
                        Format::Yaml => snap
                            .policy_at(offset)
                            .map(|p| {
                                ide::structure::selection_ranges(&snap.text, p.parse(), offset)
                            })
                            .unwrap_or_default(),
                    };
                    let mut node: Option<SelectionRange> = None;
                    for r in chain.into_iter().rev() {
                        node = Some(SelectionRange {
                            range: snap.range(r),
                            parent: node.map(Box::new),
                        });
                    }
                    node.unwrap_or(SelectionRange {
                        range: Range::new(*p, *p),
                        parent: None,
                    })
                })
                .collect();
            Some(out)
        })
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let enabled = self
            .shared
            .settings
            .read()
            .map(|s| s.inlay_hints != Some(false))
            .unwrap_or(true);
        if !enabled {
            return Ok(None);
        }
        let Some(snap) = self.policy_snapshot(&params.text_document.uri) else {
            return Ok(None);
        };
        guarded("inlayHint", || {
            let start = snap.offset(params.range.start);
            let end = snap.offset(params.range.end);
            let hints = snap
                .host
                .policies
                .iter()
                .flat_map(|p| ide::annotations::inlay_hints(p.parse()))
                .filter(|h| start <= h.offset && h.offset <= end)
                .map(|h| InlayHint {
                    position: snap.position(h.offset),
                    label: InlayHintLabel::String(h.label),
                    kind: None,
                    text_edits: None,
                    tooltip: h.tooltip.map(InlayHintTooltip::String),
                    padding_left: Some(true),
                    padding_right: None,
                    data: None,
                })
                .collect();
            Some(hints)
        })
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = params.text_document.uri;
        let Some(snap) = self.policy_snapshot(&uri) else {
            return Ok(None);
        };
        let options = self.options_for(&uri, &snap);
        guarded("codeLens", || {
            let lenses = snap
                .host
                .policies
                .iter()
                .flat_map(|p| {
                    ide::annotations::code_lenses(p.parse(), shown_kind(&snap, p, &options))
                })
                .map(|l| CodeLens {
                    range: snap.range(l.range),
                    command: Some(Command {
                        title: l.title,
                        command: String::new(),
                        arguments: None,
                    }),
                    data: None,
                })
                .collect();
            Some(lenses)
        })
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let Some(snap) = self.policy_snapshot(&params.text_document.uri) else {
            return Ok(None);
        };
        guarded("documentLink", || {
            let links = snap
                .host
                .policies
                .iter()
                .flat_map(|p| ide::annotations::document_links(p.parse()))
                .map(|l| DocumentLink {
                    range: snap.range(l.range),
                    target: l.target.parse::<Uri>().ok(),
                    tooltip: Some(l.tooltip),
                    data: None,
                })
                .collect();
            Some(links)
        })
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let Some(snap) = self.policy_snapshot(&params.text_document.uri) else {
            return Ok(None);
        };
        guarded("semanticTokens", || {
            let mut tokens: Vec<_> = snap
                .host
                .policies
                .iter()
                .flat_map(|p| ide::semantic::semantic_tokens(p.parse()))
                .collect();
            if snap.host.policies.len() > 1 {
                tokens.sort_by_key(|t| t.range.start);
            }
            Some(SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data: convert::semantic_tokens(&snap, &tokens),
            }))
        })
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let Some(snap) = self.json_policy_snapshot(&params.text_document.uri) else {
            return Ok(None);
        };
        let o = params.options;
        guarded("formatting", || {
            let unit =
                ide::format::indent_unit(&snap.text, Some(o.tab_size), Some(o.insert_spaces));
            ide::format::format_edits(&snap.text, snap.json(), &unit)
                .map(|edits| convert::text_edits(&snap, &edits))
        })
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        let Some(snap) = self.json_policy_snapshot(&params.text_document.uri) else {
            return Ok(None);
        };
        let o = params.options;
        guarded("rangeFormatting", || {
            let unit =
                ide::format::indent_unit(&snap.text, Some(o.tab_size), Some(o.insert_spaces));
            let start = snap.offset(params.range.start);
            let end = snap.offset(params.range.end);
            ide::format::format_range(
                &snap.text,
                snap.json(),
                crate::syntax::TextRange::new(start, end),
                &unit,
            )
            .map(|edits| convert::text_edits(&snap, &edits))
        })
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let ignored = self
            .shared
            .settings
            .read()
            .map(|s| is_ignored(&s, &uri))
            .unwrap_or(false);
        let items = match self.snapshot(&uri) {
            Some(snap) if snap.is_policy && !ignored => {
                // The same analysis and conversion as the diagnostics worker.
                guarded("diagnostic", || {
                    convert::diagnostics(&snap, &self.analyze(&uri, &snap).findings)
                })?
            }
            _ => Vec::new(),
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }
}

/// An assist made for JSON, kept when every edit can be written in the host's syntax.
fn in_host_syntax(
    snap: &Snapshot,
    policy: &Embedded,
    a: ide::actions::Assist,
) -> Option<ide::actions::Assist> {
    let edits = host::edits::adapt_edits(&snap.text, snap.host.format, policy, &a.edits)?;
    Some(ide::actions::Assist { edits, ..a })
}

/// The outline: a standalone policy's elements; in a template, each policy under the resource
/// and property that hold it.
fn host_symbols(snap: &Snapshot) -> Vec<ide::structure::Symbol> {
    if snap.host.kind == host::HostKind::Policy {
        return snap
            .host
            .policies
            .iter()
            .flat_map(|p| ide::structure::document_symbols(p.parse()))
            .collect();
    }
    snap.host
        .policies
        .iter()
        .map(|p| {
            let range = p.range();
            let (name, selection) = match &p.origin {
                Some(o) => (
                    format!("{} › {}", o.resource, o.property),
                    p.resource_range().unwrap_or_default(),
                ),
                None => ("policy".to_string(), range),
            };
            ide::structure::Symbol {
                name,
                detail: p.kind.map(|k| k.label().to_string()),
                kind: ide::structure::SymbolKind::Object,
                range: TextRange::new(
                    range.start.min(selection.start) as usize,
                    range.end as usize,
                ),
                selection,
                children: ide::structure::document_symbols(p.parse()),
            }
        })
        .collect()
}
