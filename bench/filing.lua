-- wrk script of bench/filing_http.py: online filing of a form with two 200 KB files.
--
-- One wrk thread per connection (wrk -tN -cN), so a thread's state is its connection's: a connection files
-- its own drafts one after the other, never two requests of one filing at once.
--
-- WRK_MODE=egov: each filing is the citizen's browser path, three POSTs with the citizen's session cookie and
--   CSRF token: the paper page of line A with file 1 and "Lưu và tiếp tục", the same for line B with file 2,
--   then "Gửi hồ sơ" on the check page. Each must answer 302 (a 200 is the page again with an error).
-- WRK_MODE=api: each filing is one POST /api/v1/filings with the citizen's session cookie and CSRF token (header),
--   an Idempotency-Key of its own, the filing as JSON (WRK_FILING, a file) and both papers (answer 201).
-- WRK_MODE=reference: each filing is one POST /submit of the reference kit with the form and both files
--   (answer 201).
-- WRK_PLAN: egov: lines "conn cookie token draft lineA lineB", one per draft, conn counted from 1; api: one
--   line per connection, its draft ignored.
-- WRK_SALT: a number of the run (api and reference), so that no two files of one bench pass are alike; below
--   90,000, so that every number stays below 2^53, exact in a Lua number.
-- WRK_PDF: the file sent, a PDF with a 16-digit placeholder that each request replaces with its own
--   number (draft × 10 + file for egov, conn × 10^9 + filing × 10 + file for the reference), so every stored
--   file has a content of its own that filing_http.py can rebuild and checksum afterwards.

local mode = os.getenv("WRK_MODE") or "egov"
local boundary = "----filebench5f2c9e"
local placeholder = "BENCH0000000000000000"
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("conn", counter)
  table.insert(threads, thread)
end

local function read_all(path)
  local handle = assert(io.open(path, "rb"))
  local data = handle:read("*a")
  handle:close()
  return data
end

local pdf_head, pdf_tail, filing_json
local salt = tonumber(os.getenv("WRK_SALT") or "0")
local plan = {}
local cookie, token
local position, step = 1, 0
filings, uploads, refused, errors, ran_out = 0, 0, 0, 0, 0

function init(args)
  local pdf = read_all(os.getenv("WRK_PDF"))
  local at = assert(string.find(pdf, placeholder, 1, true), "no placeholder in the PDF")
  pdf_head = string.sub(pdf, 1, at - 1 + 5)  -- keeps "BENCH"
  pdf_tail = string.sub(pdf, at + #placeholder)
  if mode == "api" then filing_json = read_all(os.getenv("WRK_FILING")) end
  if mode == "egov" or mode == "api" then
    for line in io.lines(os.getenv("WRK_PLAN")) do
      local c, k, t, d, a, b = string.match(line, "^(%d+) (%S+) (%S+) (%d+) (%d+) (%d+)$")
      if tonumber(c) == conn then
        cookie, token = k, t
        table.insert(plan, {draft = d, lines = {a, b}})
      end
    end
  end
end

local function part(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" ..
         value .. "\r\n"
end

local function file_part(field, filename, number)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. field .. "\"; filename=\"" ..
         filename .. "\"\r\nContent-Type: application/pdf\r\n\r\n" ..
         pdf_head .. string.format("%016d", number) .. pdf_tail .. "\r\n"
end

local function multipart(path, body, headers)
  headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
  return wrk.format("POST", path, headers, body .. "--" .. boundary .. "--\r\n")
end

local filed = 0

function request()
  if mode == "api" then
    filed = filed + 1
    local base = salt * 100000000000 + conn * 1000000000 + filed * 10
    local item = plan[1]
    local body = part("filing", filing_json) ..
                 file_part("paper-" .. item.lines[1], "giay-to-1.pdf", base + 1) ..
                 file_part("paper-" .. item.lines[2], "giay-to-2.pdf", base + 2)
    return multipart("/api/v1/filings", body, {Cookie = cookie, ["X-CSRFToken"] = token,
                     ["Idempotency-Key"] = string.format("bench-%d", base)})
  end
  if mode == "reference" then
    filed = filed + 1
    local base = salt * 100000000000 + conn * 1000000000 + filed * 10
    local body = part("procedure_id", "1234") .. part("applicant_name", "Nguyễn Thị Minh Khai") ..
                 part("applicant_id_number", "001203004567") .. part("phone", "0912345678") ..
                 file_part("files", "giay-to-1.pdf", base + 1) .. file_part("files", "giay-to-2.pdf", base + 2)
    return multipart("/submit", body, {})
  end
  local item = plan[position]
  if item == nil then
    -- Out of drafts: stop this connection rather than measure something else (reported as ran_out).
    ran_out = 1
    wrk.thread:stop()
    return wrk.format("GET", "/")
  end
  local headers = {Cookie = cookie}
  if step < 2 then
    local number = tonumber(item.draft) * 10 + step + 1
    local body = part("csrfmiddlewaretoken", token) .. part("action", "continue") ..
                 file_part("file", "giay-to-" .. (step + 1) .. ".pdf", number)
    return multipart("/nop-truc-tuyen/" .. item.draft .. "/giay-to/" .. item.lines[step + 1] .. "/", body,
                     headers)
  end
  return multipart("/nop-truc-tuyen/" .. item.draft .. "/kiem-tra/", part("csrfmiddlewaretoken", token),
                   headers)
end

function response(status, headers, body)
  if mode == "reference" or mode == "api" then
    if status == 201 then filings = filings + 1; uploads = uploads + 2
    elseif status < 500 then refused = refused + 1
    else errors = errors + 1 end
    return
  end
  if ran_out == 1 then return end
  local location = headers["Location"] or headers["location"] or ""
  if status == 302 and step < 2 then
    uploads = uploads + 1
  elseif status == 302 and string.find(location, "/da-nop/", 1, true) then
    filings = filings + 1
  elseif status < 500 then
    refused = refused + 1
  else
    errors = errors + 1
  end
  step = step + 1
  if step == 3 then step, position = 0, position + 1 end
end

function done(summary, latency, requests)
  local f, u, r, e, o = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    f = f + thread:get("filings")
    u = u + thread:get("uploads")
    r = r + thread:get("refused")
    e = e + thread:get("errors")
    o = o + thread:get("ran_out")
  end
  io.write(string.format("FILEBENCH filings=%d uploads=%d refused=%d errors=%d ran_out=%d\n", f, u, r, e, o))
end
