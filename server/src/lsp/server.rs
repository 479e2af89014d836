//! The language server: tower-lsp-server's `LanguageServer` implemented over the document store.

use super::convert;
use super::documents::{Document, Snapshot};
use super::position::Encoding;
use crate::analysis::{self, Analysis, Options};
use crate::config::{Config, RawConfig};
use crate::ide;
use dashmap::DashMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

#[derive(Default)]
struct Settings {
    encoding: Encoding,
    root: Option<PathBuf>,
    /// `.iam-policy-ls.toml` at the root, as written.
    file: RawConfig,
    /// The file's configuration with the client's settings on top (see `apply_settings`).
    config: Config,
}

type Docs = Arc<DashMap<Uri, Document>>;
type SharedSettings = Arc<RwLock<Settings>>;

pub struct Backend {
    docs: Docs,
    settings: SharedSettings,
    shutdown: Arc<AtomicBool>,
    /// Documents whose diagnostics need computing: see [`diagnostics_worker`].
    dirty: mpsc::UnboundedSender<(Uri, bool)>,
}

/// Runs the server on stdin/stdout until the client says `exit`. Returns the process exit code:
/// 0 when `shutdown` came first, 1 otherwise (as the LSP specification asks).
pub async fn run_stdio() -> i32 {
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    let (service, socket) = LspService::new(move |client| {
        let docs: Docs = Arc::new(DashMap::new());
        let settings: SharedSettings = Arc::new(RwLock::new(Settings::default()));
        let (dirty, queue) = mpsc::unbounded_channel();
        tokio::spawn(diagnostics_worker(
            client,
            docs.clone(),
            settings.clone(),
            queue,
        ));
        Backend {
            docs,
            settings,
            shutdown: flag,
            dirty,
        }
    });
    let (input, output) = super::transport::guarded_io(tokio::io::stdin(), tokio::io::stdout());
    Server::new(input, output, socket).serve(service).await;
    if shutdown.load(Ordering::SeqCst) {
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
            let diagnostics = if snap.is_policy {
                let (options, enc) = {
                    let s = settings.read().unwrap_or_else(|e| e.into_inner());
                    (options_for(&s, &uri, &snap), s.encoding)
                };
                let job = snap.clone();
                let computed = tokio::task::spawn_blocking(move || {
                    guarded("diagnostics", || {
                        let a = analysis::analyze(&job.text, &job.parse, &options);
                        a.findings
                            .iter()
                            .map(|f| convert::diagnostic(&job, f, enc))
                            .collect::<Vec<_>>()
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
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T> {
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
fn options_for(settings: &Settings, uri: &Uri, snap: &Snapshot) -> Options {
    let path = uri.to_file_path().map(|p| p.into_owned());
    let relative = match (&path, &settings.root) {
        (Some(p), Some(root)) => p.strip_prefix(root).ok().map(|r| r.to_path_buf()),
        (Some(p), None) => Some(p.clone()),
        _ => None,
    };
    let jsonc = snap.language_id == "jsonc"
        || path
            .as_ref()
            .is_some_and(|p| p.extension().is_some_and(|e| e == "jsonc"));
    settings.config.options_for(relative.as_deref(), jsonc)
}

impl Backend {
    fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.docs.get(uri).map(|d| d.snapshot.clone())
    }

    fn encoding(&self) -> Encoding {
        self.settings.read().map(|s| s.encoding).unwrap_or_default()
    }

    fn options_for(&self, uri: &Uri, snap: &Snapshot) -> Options {
        let settings = self.settings.read().unwrap_or_else(|e| e.into_inner());
        options_for(&settings, uri, snap)
    }

    fn analyze(&self, uri: &Uri, snap: &Snapshot) -> Analysis {
        let options = self.options_for(uri, snap);
        analysis::analyze(&snap.text, &snap.parse, &options)
    }

    /// Whether policy features apply: the content is a policy, or is still empty (a new file).
    fn wants_policy_features(snap: &Snapshot) -> bool {
        snap.is_policy
            || match &snap.parse.root {
                None => snap.text.trim().is_empty(),
                Some(v) => v.as_object().is_some_and(|o| o.members.is_empty()),
            }
    }

    /// Queues the document for the diagnostics worker.
    fn mark_dirty(&self, uri: Uri) {
        let _ = self.dirty.send((uri, false));
    }

    /// Client settings go on top of `.iam-policy-ls.toml`: their rules and policy types
    /// override the file's, their ignores add to it. Empty settings restore the file's.
    fn apply_settings(&self, value: &serde_json::Value) {
        // Accept `{ "iamPolicyLs": {...} }`, `{ "iam-policy-ls": {...} }` or the keys directly.
        let inner = value
            .get("iamPolicyLs")
            .or_else(|| value.get("iam-policy-ls"))
            .unwrap_or(value);
        let editor = if inner.is_null() {
            Ok((RawConfig::default(), Vec::new()))
        } else {
            RawConfig::from_settings(inner)
        };
        match editor {
            Ok((raw, mut problems)) => {
                let mut s = self.settings.write().unwrap_or_else(|e| e.into_inner());
                let (config, more) = Config::from_raw(&s.file.merged(&raw));
                problems.extend(more);
                for p in problems {
                    eprintln!("iam-policy-ls: settings: {p}");
                }
                s.config = config;
            }
            Err(e) => eprintln!("iam-policy-ls: ignoring settings: {e}"),
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
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
        #[allow(deprecated)]
        let root = root.or_else(|| {
            params
                .root_uri
                .as_ref()
                .and_then(|u| u.to_file_path().map(|p| p.into_owned()))
        });
        {
            let mut s = self.settings.write().unwrap_or_else(|e| e.into_inner());
            s.encoding = if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            };
            if let Some(dir) = &root {
                match RawConfig::load_dir(dir) {
                    Ok(Some(raw)) => {
                        let (config, problems) = Config::from_raw(&raw);
                        for p in problems {
                            eprintln!("iam-policy-ls: {}: {p}", crate::config::FILE_NAME);
                        }
                        s.config = config;
                        s.file = raw;
                    }
                    Ok(None) => {}
                    Err(e) => eprintln!("iam-policy-ls: {e}"),
                }
            }
            s.root = root;
        }
        if let Some(opts) = &params.initialization_options {
            self.apply_settings(opts);
        }
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
                    ..Default::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..Default::default()
                    },
                )),
                ..Default::default()
            },
            ..Default::default()
        })
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let doc = Document::open(d.version, &d.language_id, d.text);
        self.docs.insert(d.uri.clone(), doc);
        self.mark_dirty(d.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let enc = self.encoding();
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
                AssertUnwindSafe(|| doc.apply_changes(version, changes, enc)),
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
        self.apply_settings(&params.settings);
        let open: Vec<Uri> = self.docs.iter().map(|e| e.key().clone()).collect();
        open.into_iter().for_each(|uri| {
            let _ = self.dirty.send((uri, true));
        });
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let pos = params.text_document_position;
        let Some(snap) = self.snapshot(&pos.text_document.uri) else {
            return Ok(None);
        };
        if !Self::wants_policy_features(&snap) {
            return Ok(None);
        }
        let enc = self.encoding();
        guarded("completion", || {
            let offset = snap.lines.offset(&snap.text, pos.position, enc);
            let result = ide::completions(&snap.text, &snap.parse, offset);
            if result.items.is_empty() {
                return None;
            }
            let items = result
                .items
                .into_iter()
                .map(|i| convert::completion_item(&snap, i, enc))
                .collect();
            Some(CompletionResponse::List(CompletionList {
                is_incomplete: result.incomplete,
                items,
            }))
        })
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
        let enc = self.encoding();
        let options = self.options_for(&uri, &snap);
        guarded("hover", || {
            let offset = snap.lines.offset(&snap.text, pos.position, enc);
            let kind = crate::policy::Policy::from_parse(&snap.parse).map(|p| match options.kind {
                Some(k) => (
                    k,
                    format!("set by {}", options.kind_source.clone().unwrap_or_default()),
                ),
                None => {
                    let (k, why) = crate::policy::infer_kind(&p);
                    (k, why.describe())
                }
            });
            ide::hover(&snap.parse, offset, kind).map(|h| Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: h.markdown,
                }),
                range: Some(snap.lines.range(&snap.text, h.range, enc)),
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
        let enc = self.encoding();
        let analysis = guarded("codeAction", || self.analyze(&uri, &snap))?;
        let start = snap.lines.offset(&snap.text, params.range.start, enc);
        let end = snap.lines.offset(&snap.text, params.range.end, enc);
        let mut actions = Vec::new();
        for f in &analysis.findings {
            let (fs, fe) = (f.range.start as usize, f.range.end as usize);
            if fe < start || fs > end || f.fixes.is_empty() {
                continue;
            }
            let diag = convert::diagnostic(&snap, f, enc);
            for fix in &f.fixes {
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| TextEdit {
                        range: snap.lines.range(&snap.text, e.range, enc),
                        new_text: e.text.clone(),
                    })
                    .collect();
                let mut changes = std::collections::HashMap::new();
                changes.insert(uri.clone(), edits);
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(changes),
                        ..Default::default()
                    }),
                    is_preferred: Some(fix.preferred),
                    ..Default::default()
                }));
            }
        }
        Ok((!actions.is_empty()).then_some(actions))
    }
}
