-- iam-policy-ls with nvim-lspconfig.
--
-- nvim-lspconfig does not ship a configuration for iam-policy-ls, so register one. Two ways,
-- depending on your Neovim and nvim-lspconfig versions.

-- Neovim 0.11+ (nvim-lspconfig 2.x also configures servers through vim.lsp.config): no
-- nvim-lspconfig needed. Either put lsp/iam_policy_ls.lua on the runtimepath, or inline it:
if vim.fn.has('nvim-0.11') == 1 then
  vim.lsp.config('iam_policy_ls', {
    cmd = { 'iam-policy-ls', '--stdio' },
    filetypes = { 'json', 'jsonc', 'yaml' },
    root_markers = { '.iam-policy-ls.toml', '.git' },
  })
  vim.lsp.enable('iam_policy_ls')
else
  -- Neovim 0.10 and older with nvim-lspconfig 1.x: the require('lspconfig') framework.
  local configs = require('lspconfig.configs')
  local util = require('lspconfig.util')
  if not configs.iam_policy_ls then
    configs.iam_policy_ls = {
      default_config = {
        cmd = { 'iam-policy-ls', '--stdio' },
        filetypes = { 'json', 'jsonc', 'yaml' },
        root_dir = util.root_pattern('.iam-policy-ls.toml', '.git'),
        single_file_support = true,
      },
      docs = { description = 'Language server for AWS IAM policy documents.' },
    }
  end
  require('lspconfig').iam_policy_ls.setup({
    -- init_options = { rules = { ['missing-version'] = 'error' } },
  })
end
