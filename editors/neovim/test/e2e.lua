-- End-to-end test of editors/neovim/lsp/iam_policy_ls.lua with a real Neovim (0.11+) and the real
-- server. Run headless:
--
--   IAM_POLICY_LS_BIN=target/release/iam-policy-ls \
--     nvim --headless -u NONE -i NONE -c 'luafile editors/neovim/test/e2e.lua'
--
-- Prints one line per check and exits 0 when all pass, 1 otherwise.

local script = debug.getinfo(1, 'S').source:sub(2)
local neovim_dir = vim.fn.fnamemodify(script, ':p:h:h')
local repo = vim.fn.fnamemodify(neovim_dir, ':h:h')
local bin = vim.env.IAM_POLICY_LS_BIN or (repo .. '/target/release/iam-policy-ls')
local TIMEOUT = tonumber(vim.env.IAM_POLICY_LS_TEST_TIMEOUT_MS or '') or 15000

local failures, passes = 0, 0
local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end
local function check(name, ok, detail)
  if ok then
    passes = passes + 1
    out('  ok   ' .. name)
  else
    failures = failures + 1
    out('  FAIL ' .. name .. (detail and (': ' .. detail) or ''))
  end
  return ok
end

-- A completion reply's items as Neovim's completion reads them: with the list's LSP 3.17
-- itemDefaults (edit range, data) applied, by Neovim's own code where it has it.
local function editor_items(result, client_id)
  if not result then
    return {}
  end
  local convert = vim.lsp.completion and vim.lsp.completion._lsp_to_complete_items
  if result.items and convert then
    convert(result, '', client_id)
  elseif result.items and result.itemDefaults then
    error('this Neovim cannot apply itemDefaults, which it advertises')
  end
  return result.items or result
end

local function finish()
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop(true)
  end
  out(string.format('neovim e2e: %d checks passed, %d failed', passes, failures))
  vim.cmd(failures == 0 and 'qall!' or 'cquit 1')
end

-- A workspace with a root marker and a policy with a misspelled action.
local ws = vim.fn.tempname() .. '-ws'
vim.fn.mkdir(ws .. '/.git', 'p')
local policy = ws .. '/policy.json'
local lines = {
  '{',
  '  "Version": "2012-10-17",',
  '  "Statement": [',
  '    {',
  '      "Effect": "Allow",',
  '      "Action": [',
  '        "logs:CreateLogStream",',
  '        "logs:PutLogEvent"',
  '      ],',
  '      "Resource": "*"',
  '    }',
  '  ]',
  '}',
}
vim.fn.writefile(lines, policy)
-- A CloudFormation template in YAML with a misspelled Effect and action, and a half-typed one.
local template = ws .. '/template.yaml'
local tlines = {
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  AppRole:',
  '    Type: AWS::IAM::Role',
  '    Properties:',
  '      AssumeRolePolicyDocument:',
  '        Version: "2012-10-17"',
  '        Statement:',
  '          - Effect: Allow',
  '            Principal:',
  '              Service: lambda.amazonaws.com',
  '            Action: sts:AssumeRole',
  '      Policies:',
  '        - PolicyName: app',
  '          PolicyDocument:',
  '            Version: "2012-10-17"',
  '            Statement:',
  '              - Effect: Alow',
  '                Action:',
  '                  - s3:GetObjekt',
  '                  - logs:Put',
  '                Resource: "*"',
}
vim.fn.writefile(tlines, template)
-- A JSON file that is not a policy: the server must leave it alone.
local other = ws .. '/package.json'
vim.fn.writefile({ '{', '  "name": "x",', '  "Action": "logs:PutLogEvent"', '}' }, other)

local ok, err = xpcall(function()
  -- -u NONE turns filetype detection off; a user's config has it on.
  vim.cmd('filetype on')
  vim.opt.runtimepath:prepend(neovim_dir)
  -- Only the binary's location differs from the shipped config.
  vim.lsp.config('iam_policy_ls', { cmd = { bin, '--stdio' } })
  local cfg = vim.lsp.config.iam_policy_ls
  check('lsp/iam_policy_ls.lua is found on the runtimepath', cfg ~= nil and vim.deep_equal(cfg.filetypes, { 'json', 'jsonc', 'yaml' }),
    vim.inspect(cfg and cfg.filetypes))
  check('root markers', cfg ~= nil and vim.deep_equal(cfg.root_markers, { '.iam-policy-ls.toml', '.git' }))
  vim.lsp.enable('iam_policy_ls')

  vim.cmd.edit(vim.fn.fnameescape(policy))
  local buf = vim.api.nvim_get_current_buf()
  check('policy.json has filetype json', vim.bo[buf].filetype == 'json', vim.bo[buf].filetype)

  local client
  vim.wait(TIMEOUT, function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'iam_policy_ls' })[1]
    return client ~= nil and client.initialized
  end, 20)
  if not check('the server attaches', client ~= nil and client.initialized) then
    return
  end
  check('the root is the workspace', client.root_dir == ws, tostring(client.root_dir))
  local info = client.server_info or {}
  check('server info names iam-policy-ls', info.name == 'iam-policy-ls', vim.inspect(info))

  -- Diagnostics: the misspelled action, with a suggestion.
  local diag
  vim.wait(TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'unknown-action' then
        diag = d
        return true
      end
    end
    return false
  end, 20)
  if check('a diagnostic with code unknown-action', diag ~= nil, vim.inspect(vim.diagnostic.get(buf))) then
    check('on the misspelled action (line 8)', diag.lnum == 7 and diag.col >= 8, string.format('%d:%d', diag.lnum, diag.col))
    check('the message suggests logs:PutLogEvents', diag.message:find('logs:PutLogEvents', 1, true) ~= nil, diag.message)
    check('severity error', diag.severity == vim.diagnostic.severity.ERROR, tostring(diag.severity))
  end

  -- What the sample configuration turns on: the message on the line, inlay hints, code lenses.
  local virt
  vim.wait(TIMEOUT, function()
    for _, m in ipairs(vim.api.nvim_buf_get_extmarks(buf, -1, 0, -1, { details = true })) do
      local chunks = m[4] and m[4].virt_text
      if chunks then
        for _, chunk in ipairs(chunks) do
          if chunk[1]:find('PutLogEvents', 1, true) then
            virt = chunk[1]
          end
        end
      end
    end
    return virt ~= nil
  end, 20)
  check('the diagnostic message shows on its line (virtual text)', virt ~= nil)
  check('inlay hints are on', vim.lsp.inlay_hint.is_enabled({ bufnr = buf }))
  local lenses
  vim.wait(TIMEOUT, function()
    lenses = vim.lsp.codelens.get(buf)
    return #lenses > 0
  end, 20)
  check('code lenses are shown', #lenses > 0, vim.inspect(lenses))

  -- Hover on logs:CreateLogStream (line 7).
  local function position(lnum, col)
    return {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = lnum, character = col },
    }
  end
  local hover_col = lines[7]:find('CreateLogStream', 1, true)
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', position(6, hover_col), TIMEOUT)
  local hover = res and res[client.id] and res[client.id].result
  local text = hover and hover.contents and (hover.contents.value or vim.inspect(hover.contents)) or ''
  check('hover describes logs:CreateLogStream', text:find('logs:CreateLogStream', 1, true) ~= nil, text)
  check('hover gives its access level (Write)', text:find('Write', 1, true) ~= nil, text)
  check('hover is markdown', hover ~= nil and hover.contents.kind == 'markdown')

  -- Completion: type a new element "logs:Put and ask for completion at the cursor.
  vim.api.nvim_buf_set_lines(buf, 7, 8, true, { '        "logs:PutLogEvent",', '        "logs:Put"' })
  local col = #'        "logs:Put'
  vim.api.nvim_win_set_cursor(0, { 9, col })
  res = vim.lsp.buf_request_sync(buf, 'textDocument/completion', position(8, col), TIMEOUT)
  local result = res and res[client.id] and res[client.id].result
  local items = editor_items(result, client.id)
  local labels, found = {}, nil
  for _, item in ipairs(items) do
    labels[#labels + 1] = item.label
    local insert = item.textEdit and item.textEdit.newText or item.insertText or item.label
    if item.label == 'logs:PutLogEvents' or insert == 'logs:PutLogEvents' then
      found = item
    end
  end
  check('completion after "logs:Put offers logs:PutLogEvents', found ~= nil, table.concat(labels, ', '))
  if found then
    local edit = found.textEdit
    check('the completion replaces the typed prefix', edit ~= nil and (edit.range or edit.replace).start.character <= #'        "',
      vim.inspect(edit))
    -- Its documentation, as the completion popup shows it (raw): plain text, asked for by the
    -- sample configuration, so no Markdown markup on screen.
    local resolved = vim.lsp.buf_request_sync(buf, 'completionItem/resolve', found, TIMEOUT)
    local doc = resolved and resolved[client.id] and resolved[client.id].result
    doc = doc and doc.documentation
    local text = type(doc) == 'table' and doc.value or doc or ''
    check('its documentation is plain text (no ** in the popup)',
      type(doc) == 'table' and doc.kind == 'plaintext' and text:find('Write', 1, true) ~= nil and not text:find('**', 1, true),
      vim.inspect(doc))
  end

  -- The YAML template: diagnostics in place, hover, completion and a quick fix in YAML.
  vim.cmd.edit(vim.fn.fnameescape(template))
  local tbuf = vim.api.nvim_get_current_buf()
  check('template.yaml has filetype yaml', vim.bo[tbuf].filetype == 'yaml', vim.bo[tbuf].filetype)
  local tdiags = {}
  vim.wait(TIMEOUT, function()
    tdiags = vim.diagnostic.get(tbuf)
    local codes = {}
    for _, d in ipairs(tdiags) do
      codes[d.code] = d
    end
    return codes['unknown-action'] ~= nil and codes['invalid-effect'] ~= nil
  end, 20)
  local by_code = {}
  for _, d in ipairs(tdiags) do
    by_code[d.code] = by_code[d.code] or d
  end
  local ua, ie = by_code['unknown-action'], by_code['invalid-effect']
  if check('the template gets unknown-action and invalid-effect', ua ~= nil and ie ~= nil, vim.inspect(tdiags)) then
    check('unknown-action on s3:GetObjekt (line 20, column 21)', ua.lnum == 19 and ua.col == 20 and ua.end_col == 32,
      string.format('%d:%d-%d', ua.lnum, ua.col, ua.end_col))
    check('invalid-effect on Alow (line 18)', ie.lnum == 17 and ie.col == 24, string.format('%d:%d', ie.lnum, ie.col))
  end
  local tpos = function(lnum, col)
    return { textDocument = { uri = vim.uri_from_bufnr(tbuf) }, position = { line = lnum, character = col } }
  end
  res = vim.lsp.buf_request_sync(tbuf, 'textDocument/hover', tpos(11, #'            Action: sts:Assu'), TIMEOUT)
  local th = res and res[client.id] and res[client.id].result
  local thtext = th and th.contents and (th.contents.value or '') or ''
  check('hover on sts:AssumeRole in the template', thtext:find('AssumeRole', 1, true) ~= nil, thtext)
  res = vim.lsp.buf_request_sync(tbuf, 'textDocument/completion', tpos(20, #'                  - logs:Put'), TIMEOUT)
  local tres = res and res[client.id] and res[client.id].result
  local titems = editor_items(tres, client.id)
  local tfound
  for _, item in ipairs(titems) do
    if item.label == 'logs:PutLogEvents' then
      tfound = item
    end
  end
  check('completion after logs:Put in YAML offers logs:PutLogEvents, unquoted',
    tfound ~= nil and tfound.textEdit ~= nil and tfound.textEdit.newText == 'logs:PutLogEvents', vim.inspect(tfound))
  res = vim.lsp.buf_request_sync(tbuf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(tbuf) },
    range = { start = { line = 19, character = 24 }, ['end'] = { line = 19, character = 24 } },
    context = { diagnostics = {}, only = { 'quickfix' } },
  }, TIMEOUT)
  local fix
  for _, a in ipairs(res and res[client.id] and res[client.id].result or {}) do
    if a.title == 'Change to "s3:GetObject"' then
      fix = a
    end
  end
  if check('a quick fix renames s3:GetObjekt', fix ~= nil and fix.edit ~= nil) then
    vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
    local fixed = vim.api.nvim_buf_get_lines(tbuf, 19, 20, true)[1]
    check('the fixed line is valid YAML in the file\'s style', fixed == '                  - s3:GetObject', fixed)
    local gone = vim.wait(TIMEOUT, function()
      for _, d in ipairs(vim.diagnostic.get(tbuf)) do
        if d.code == 'unknown-action' and d.lnum == 19 then
          return false
        end
        if d.code == 'json-syntax' then
          return false
        end
      end
      return true
    end, 20)
    check('after the fix the diagnostic is gone and nothing is broken', gone, vim.inspect(vim.diagnostic.get(tbuf)))
  end
  vim.cmd.edit(vim.fn.fnameescape(policy))

  -- Settings in the server's shape: turning the rule off clears the diagnostic.
  client:notify('workspace/didChangeConfiguration', { settings = { rules = { ['unknown-action'] = 'off' } } })
  local cleared = vim.wait(TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'unknown-action' then
        return false
      end
    end
    return true
  end, 20)
  check('rules = { ["unknown-action"] = "off" } turns the diagnostic off', cleared)

  -- A JSON file that is not a policy gets the server attached but no diagnostics.
  vim.cmd.edit(vim.fn.fnameescape(other))
  local obuf = vim.api.nvim_get_current_buf()
  vim.wait(TIMEOUT, function()
    return #vim.lsp.get_clients({ bufnr = obuf, name = 'iam_policy_ls' }) > 0
  end, 20)
  check('the server attaches to package.json too', #vim.lsp.get_clients({ bufnr = obuf, name = 'iam_policy_ls' }) > 0)
  res = vim.lsp.buf_request_sync(obuf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(obuf) },
    position = { line = 2, character = 16 },
  }, TIMEOUT)
  local ohover = res and res[client.id] and res[client.id].result
  check('and stays quiet there (no hover, no diagnostics)', ohover == nil and #vim.diagnostic.get(obuf) == 0,
    vim.inspect({ ohover, vim.diagnostic.get(obuf) }))
end, debug.traceback)

if not ok then
  check('test ran without a Lua error', false, err)
end
vim.fn.delete(ws, 'rf')
finish()
