-- Run (-c 'luafile ...') after a user's init.lua taken from docs/editor.md has
-- started mapsafety-clangd on the sample file: waits (bounded) for our findings,
-- opens the diagnostic float on each as `:lua vim.diagnostic.open_float()` does,
-- and writes its lines ("float line N: ...") to $MAPSAFETY_OUT, then quits.
local out = assert(io.open(assert(os.getenv('MAPSAFETY_OUT'), 'MAPSAFETY_OUT not set'), 'w'))
local timeout_ms = tonumber(os.getenv('MAPSAFETY_TIMEOUT_MS') or '60000')

local function ours(bufnr)
  return vim.tbl_filter(function(d)
    return type(d.code) == 'string' and vim.startswith(d.code, 'mapsafety-')
  end, vim.diagnostic.get(bufnr))
end

local function check()
  local bufnr = vim.api.nvim_get_current_buf()
  if not vim.wait(timeout_ms, function() return #vim.tbl_keys(vim.lsp.buf_get_clients(bufnr)) > 0 end, 50) then
    error('the init.lua attached no LSP client (filetype ' .. vim.bo[bufnr].filetype .. ')')
  end
  if not vim.wait(timeout_ms, function() return #ours(bufnr) > 0 end, 50) then
    error('no mapsafety diagnostic within ' .. timeout_ms .. ' ms')
  end
  local diagnostics = ours(bufnr)
  table.sort(diagnostics, function(a, b) return a.lnum < b.lnum end)
  for _, d in ipairs(diagnostics) do
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    local float_buf, float_win = vim.diagnostic.open_float({ scope = 'cursor' })
    if not float_buf then error('no diagnostic float at line ' .. (d.lnum + 1)) end
    for _, line in ipairs(vim.api.nvim_buf_get_lines(float_buf, 0, -1, false)) do
      out:write(string.format('float line %d: %s\n', d.lnum + 1, line))
    end
    vim.api.nvim_win_close(float_win, true)
  end
end

local ok, err = pcall(check)
if not ok then out:write('FAILED: ' .. tostring(err) .. '\n') end
out:close()
vim.cmd(ok and 'qall!' or 'cquit! 1')
