-- wrk script for bench/lookup_flood.py: the flooder at a set pace. Each connection waits FLOOD_DELAY_MS
-- after each answer before its next request, so C connections send about C * 1000 / FLOOD_DELAY_MS
-- requests a second (less their answers' time); FLOOD_DELAY_MS 0 floods as fast as the server answers.
-- FLOOD_ADDRESS: the X-Forwarded-For the flooder sends (one client).
local pause = tonumber(os.getenv("FLOOD_DELAY_MS") or "0")
wrk.headers["X-Forwarded-For"] = os.getenv("FLOOD_ADDRESS")

delay = function()
  return pause
end
