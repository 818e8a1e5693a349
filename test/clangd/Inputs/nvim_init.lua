-- Neovim (0.7, Debian 12's) configuration of the editor test, run headless by
-- nvim_session.py on the sample file. Uses only Neovim's built-in LSP client:
--   1. starts $MAPSAFETY_CLANGD on the buffer and waits (bounded) for diagnostics;
--   2. writes what Neovim shows: the location-list lines and the virtual text
--      it draws at the end of each line;
--   3. asks for the quick fix of the fixable finding, applies it with Neovim's
--      own workspace-edit code, and waits until the re-published diagnostics no
--      longer have that finding;
--   4. writes the fixed lines and the remaining diagnostics, and quits.
-- Output goes to $MAPSAFETY_OUT; any failure quits with a non-zero status.
local clangd = assert(os.getenv('MAPSAFETY_CLANGD'), 'MAPSAFETY_CLANGD not set')
local root = assert(os.getenv('MAPSAFETY_ROOT'), 'MAPSAFETY_ROOT not set')
local out = assert(io.open(assert(os.getenv('MAPSAFETY_OUT'), 'MAPSAFETY_OUT not set'), 'w'))
local timeout_ms = tonumber(os.getenv('MAPSAFETY_TIMEOUT_MS') or '60000')

local function emit(line)
  if out then
    out:write(line, '\n')
    out:flush()
  end
end

local function close_output()
  if out then
    out:close()
    out = nil
  end
end

local function fail(message)
  emit('FAILED: ' .. message)
  close_output()
  vim.cmd('cquit! 1')
end

local function ours(bufnr)
  return vim.tbl_filter(function(d)
    return type(d.code) == 'string' and vim.startswith(d.code, 'mapsafety-')
  end, vim.diagnostic.get(bufnr))
end

local function emit_diagnostics(title, bufnr)
  local diagnostics = vim.diagnostic.get(bufnr)
  table.sort(diagnostics, function(a, b) return a.lnum < b.lnum end)
  emit(string.format('== %s: %d diagnostics', title, #diagnostics))
  -- The location list Neovim builds from them (:lua vim.diagnostic.setloclist()).
  for _, d in ipairs(diagnostics) do
    local item = vim.diagnostic.toqflist({ d })[1]
    emit(string.format('loclist: %s|%d col %d %s| %s [%s]',
      vim.fn.fnamemodify(vim.api.nvim_buf_get_name(item.bufnr), ':t'),
      item.lnum, item.col, item.type, item.text, d.code or ''))
  end
  -- The virtual text drawn on screen: extmarks in the (anonymous) virtual-text
  -- namespace of each diagnostic namespace.
  for _, diagnostic_ns in pairs(vim.diagnostic.get_namespaces()) do
    local ns = diagnostic_ns.user_data.virt_text_ns
    for _, mark in ipairs(ns and vim.api.nvim_buf_get_extmarks(bufnr, ns, 0, -1, { details = true }) or {}) do
      local chunks = mark[4].virt_text
      if chunks then
        local text = {}
        for _, chunk in ipairs(chunks) do table.insert(text, chunk[1]) end
        emit(string.format('virtual text line %d: %s', mark[2] + 1, table.concat(text)))
      end
    end
  end
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'mapsafety-clangd',
    cmd = { clangd, '--background-index=false' },
    root_dir = root,
  })
  if not client_id then return fail('vim.lsp.start_client failed') end
  vim.lsp.buf_attach_client(bufnr, client_id)

  if not vim.wait(timeout_ms, function() return #ours(bufnr) > 0 end, 50) then
    return fail('no mapsafety diagnostic within ' .. timeout_ms .. ' ms')
  end
  emit_diagnostics('opened', bufnr)

  -- The quick fix, as `:lua vim.lsp.buf.code_action()` would offer it.
  local fixable
  for _, d in ipairs(ours(bufnr)) do
    if d.message:find('fix available', 1, true) then fixable = d end
  end
  if not fixable then return fail('no diagnostic says "fix available"') end
  local client = vim.lsp.get_client_by_id(client_id)
  local lsp_diagnostic = vim.tbl_extend('force', fixable.user_data.lsp, {
    range = { start = { line = fixable.lnum, character = fixable.col },
              ['end'] = { line = fixable.end_lnum, character = fixable.end_col } },
    message = fixable.message, severity = fixable.severity, source = fixable.source,
  })
  local response = client.request_sync('textDocument/codeAction', {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = lsp_diagnostic.range,
    context = { diagnostics = { lsp_diagnostic }, only = { 'quickfix' } },
  }, timeout_ms, bufnr)
  if not response or response.err or not response.result or #response.result == 0 then
    return fail('no quick fix offered: ' .. vim.inspect(response))
  end
  local action = response.result[1]
  emit(string.format('quick fix: %s (%s)', action.title, action.kind))
  local before = #ours(bufnr)
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  -- Neovim sends the edit to the server (didChange); wait for its new diagnostics.
  if not vim.wait(timeout_ms, function() return #ours(bufnr) == before - 1 end, 50) then
    return fail('the finding did not clear after the quick fix')
  end
  for lnum = fixable.lnum - 1, fixable.lnum do
    emit(string.format('fixed line %d: %s', lnum + 1, vim.api.nvim_buf_get_lines(bufnr, lnum, lnum + 1, true)[1]))
  end
  emit_diagnostics('after the quick fix', bufnr)
  close_output()
  vim.lsp.stop_client(client_id)
  vim.cmd('qall!')
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = pcall(run)
    if not ok then fail(tostring(err)) end
  end,
})
