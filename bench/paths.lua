-- wrk script for bench/http_load.py: each request takes a random line from a file, one request per line:
-- a path ("/ho-so/12/"), or "POST <path> <JSON body>" for the JSON API.
-- WRK_PATHS: the file; WRK_COOKIE: the Cookie header of a signed-in persona (empty: anonymous).
local requests = {}
local cookie = os.getenv("WRK_COOKIE") or ""
local function headers_for(json)
  local h = {}
  if #cookie > 0 then h["Cookie"] = cookie end
  h["Accept-Language"] = "vi"
  if json then h["Content-Type"] = "application/json" end
  return h
end
local get_headers = headers_for(false)
local post_headers = headers_for(true)
for line in io.lines(os.getenv("WRK_PATHS")) do
  if #line > 0 then
    local path, body = line:match("^POST (%S+) (.*)$")
    if path then
      requests[#requests + 1] = {"POST", path, body}
    else
      requests[#requests + 1] = {"GET", line, nil}
    end
  end
end

-- Each wrk thread seeds from its own address so threads do not walk the same sequence.
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)

request = function()
  local r = requests[math.random(1, #requests)]
  if r[1] == "POST" then
    return wrk.format("POST", r[2], post_headers, r[3])
  end
  return wrk.format("GET", r[2], get_headers)
end
