-- wrk script for bench/http_load.py: each request takes a random path from a file, one path per line.
-- WRK_PATHS: the file; WRK_COOKIE: the Cookie header of a signed-in persona (empty: anonymous).
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local cookie = os.getenv("WRK_COOKIE") or ""
local headers = {}
if #cookie > 0 then headers["Cookie"] = cookie end
headers["Accept-Language"] = "vi"

-- Each wrk thread seeds from its own address so threads do not walk the same sequence.
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)

request = function()
  return wrk.format("GET", paths[math.random(1, #paths)], headers)
end
