//! `textDocument/completion`: the items at a position, in the order and number a client is
//! sent, and the layer in front of tower-lsp-server that answers the request.
//!
//! Why a layer: tower-lsp-server routes `textDocument/completion` to its `LanguageServer`
//! trait, whose reply type (ls-types 0.0.6) has no LSP 3.17 `itemDefaults`, and it turns every
//! reply into a `serde_json::Value` through serde. A reply to a bare `ec2:` held 868 items of
//! about 230 bytes; building it that way cost 4.4 ms of the 6.5 ms it took. So [`Completion`]
//! sits between the transport and the service, answers completion requests itself with a
//! list written as JSON directly ([`convert::completion_list`]), and hands every other message
//! on unchanged.

use super::convert::{self, CompletionShape};
use super::documents::Snapshot;
use super::server::{Docs, Shared, guarded, parse_at};
use crate::host::{self, Format, HostKind};
use crate::ide;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use tower_lsp_server::jsonrpc::{Error, Request, Response};
use tower_lsp_server::ls_types::CompletionParams;
use tower_service::Service;

/// The items at `offset`, in the order the client should show them (as short sort texts),
/// and whether the list is incomplete. `None` when nothing is offered there.
pub fn items_at(snap: &Snapshot, offset: usize) -> Option<(Vec<ide::CompletionItem>, bool)> {
    let mut result = ide::completions(&snap.text, parse_at(snap, offset)?, offset);
    // In a template's own policy (not one written as a string), ARNs come in its idiom too.
    let template = matches!(
        snap.host.kind,
        HostKind::CloudFormation | HostKind::Serverless
    ) && snap.policy_at(offset).is_some_and(|p| !p.in_string);
    let subs = if template {
        host::edits::sub_arn_completions(&snap.text, snap.host.format, &result.items)
    } else {
        Vec::new()
    };
    if snap.host.format == Format::Yaml {
        result.items = std::mem::take(&mut result.items)
            .into_iter()
            .filter_map(|i| host::edits::yaml_completion(&snap.text, i))
            .collect();
    }
    result.items.extend(subs);
    if result.items.is_empty() {
        return None;
    }
    // The order as a short sort text ("00042") instead of the ranked names the IDE layer
    // sorts by: the same order in a fraction of the bytes.
    result
        .items
        .sort_by(|a, b| (&a.sort, &a.label).cmp(&(&b.sort, &b.label)));
    if result.incomplete {
        // The IDE layer caps its own long lists; the template's ARN idiom adds to them.
        result.items.truncate(ide::MAX_ITEMS);
    }
    for (i, item) in result.items.iter_mut().enumerate() {
        item.sort = format!("{i:05}");
    }
    Some((result.items, result.incomplete))
}

/// The reply to one completion request, as JSON (`null` when nothing is offered).
pub fn reply(
    snap: &Snapshot,
    params: &CompletionParams,
    shape: CompletionShape,
) -> serde_json::Value {
    let offset = snap.offset(params.text_document_position.position);
    match items_at(snap, offset) {
        Some((items, incomplete)) => convert::completion_list(snap, items, incomplete, shape),
        None => serde_json::Value::Null,
    }
}

/// The layer in front of the service: completion requests are answered here (once the server
/// is initialized and until it shuts down; before and after, the service gives the protocol's
/// errors), everything else goes on to `inner`.
pub(super) struct Completion<S> {
    pub inner: S,
    pub docs: Docs,
    pub shared: Shared,
}

type BoxFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

impl<S> Service<Request> for Completion<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Option<Response>, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let serving = self.shared.initialized.load(Ordering::SeqCst)
            && !self.shared.shutdown.load(Ordering::SeqCst);
        if request.method() != "textDocument/completion" || request.id().is_none() || !serving {
            return Box::pin(self.inner.call(request));
        }
        let (_, id, params) = request.into_parts();
        let id = id.expect("checked above");
        let (docs, shared) = (self.docs.clone(), self.shared.clone());
        // Answered when polled, not here: the service runs the handlers of the notifications
        // before this request (a `didOpen`, a `didChange`) as futures polled in arrival order,
        // and this one must come after them.
        Box::pin(async move {
            let params =
                match serde_json::from_value::<CompletionParams>(params.unwrap_or_default()) {
                    Ok(params) => params,
                    Err(e) => {
                        return Ok(Some(Response::from_error(
                            id,
                            Error::invalid_params(e.to_string()),
                        )));
                    }
                };
            let snap = docs
                .get(&params.text_document_position.text_document.uri)
                .map(|d| d.snapshot.clone());
            let result = match snap {
                None => Ok(serde_json::Value::Null),
                Some(snap) => guarded("completion", || {
                    reply(&snap, &params, shared.completion_shape())
                }),
            };
            Ok(Some(Response::from_parts(id, result)))
        })
    }
}
