-- iam-policy-ls, a language server for AWS IAM policy documents, for Neovim 0.11+.
--
-- Put this file on your 'runtimepath' as lsp/iam_policy_ls.lua (for example copy it to
-- ~/.config/nvim/lsp/iam_policy_ls.lua), then in your init.lua:
--
--   vim.lsp.enable('iam_policy_ls')
--
-- The server attaches to every JSON/JSONC and YAML buffer and decides itself which are IAM
-- policies, CloudFormation/SAM templates or Serverless files; it stays quiet on the others (and
-- outside the policies of a template), so it runs fine next to jsonls and yamlls.
--
-- Options go through vim.lsp.config, in the same shape as .iam-policy-ls.toml:
--
--   vim.lsp.config('iam_policy_ls', {
--     init_options = {
--       rules = { ['missing-version'] = 'error', ['resource-mismatch'] = 'off' },
--       ['policy-types'] = { ['**/trust/*.json'] = 'trust' },
--       ignore = { 'node_modules/**' },
--     },
--   })
--
-- Options given here are merged over the workspace's .iam-policy-ls.toml: a rule or policy type
-- set here overrides the file's, the file's other settings still apply, ignores add up.

---@type vim.lsp.Config
return {
  cmd = { 'iam-policy-ls', '--stdio' },
  filetypes = { 'json', 'jsonc', 'yaml' },
  -- The workspace root is where .iam-policy-ls.toml (the project's configuration) lives, else the
  -- repository root; policy-types and ignore globs are relative to it. Without either, the server
  -- still runs on the single file.
  root_markers = { '.iam-policy-ls.toml', '.git' },
  -- Neovim's built-in completion popup shows documentation as it comes (Markdown would show its
  -- ** and backticks): ask for plain text there. Hovers (K) render Markdown and keep it.
  capabilities = {
    textDocument = {
      completion = { completionItem = { documentationFormat = { 'plaintext', 'markdown' } } },
    },
  },
  -- What a user expects to see, which Neovim 0.11 leaves off by default. Remove a block to turn
  -- that part off again.
  on_attach = function(client, bufnr)
    -- Each problem's message at the end of its line (by default only a sign shows): for this
    -- server's diagnostics only, pushed or pulled, so other servers keep your global settings.
    for _, pull in ipairs({ false, true }) do
      vim.diagnostic.config({ virtual_text = true }, vim.lsp.diagnostic.get_namespace(client.id, pull))
    end
    -- Inlay hints: each action's access level (Read, Write, ...) after it.
    if client:supports_method('textDocument/inlayHint') then
      vim.lsp.inlay_hint.enable(true, { bufnr = bufnr })
    end
    -- Code lenses: above each policy, the kind it is checked as and why; kept fresh as you edit.
    if client:supports_method('textDocument/codeLens') then
      vim.lsp.codelens.refresh({ bufnr = bufnr })
      vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'TextChanged' }, {
        buffer = bufnr,
        callback = function()
          vim.lsp.codelens.refresh({ bufnr = bufnr })
        end,
      })
    end
  end,
}
