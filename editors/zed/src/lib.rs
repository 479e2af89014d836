//! A minimal Zed extension that runs `iam-policy-ls` (from the PATH) on JSON and JSONC files.
//! Options come from Zed's settings: `"lsp": { "iam-policy-ls": { "initialization_options": {...} } }`.

use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct IamPolicyLs;

impl zed::Extension for IamPolicyLs {
    fn new() -> Self {
        IamPolicyLs
    }

    fn language_server_command(&mut self, id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        // `"lsp": { "iam-policy-ls": { "binary": { "path": "..." } } }` wins over the PATH.
        let configured = LspSettings::for_worktree(id.as_ref(), worktree).ok().and_then(|s| s.binary).and_then(|b| b.path);
        let command = configured.or_else(|| worktree.which("iam-policy-ls")).ok_or_else(|| {
            "iam-policy-ls was not found on the PATH: install it (cargo install --path server in its repository) \
             or set lsp.iam-policy-ls.binary.path"
                .to_string()
        })?;
        Ok(zed::Command { command, args: vec!["--stdio".into()], env: Default::default() })
    }

    fn language_server_initialization_options(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(LspSettings::for_worktree(id.as_ref(), worktree).ok().and_then(|s| s.initialization_options))
    }
}

zed::register_extension!(IamPolicyLs);
