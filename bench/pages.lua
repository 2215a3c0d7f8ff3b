-- wrk script: answers posted to the feedback page's HTML form (/f/lisbon/page), the same mix as intake.lua: about one
-- in five is a complaint that opens a case. Each answer has a submission key of its own, made as the page makes them.
local texts = {
  "Lovely stay, friendly staff",
  "Breakfast was great and the view wonderful",
  "Quick check-in, no problem at all",
  "The room was not dirty, just a bit small",
  "The bathroom was dirty and the towels had stains",
}
local counter = 0
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local start = 0
init = function(args)
  math.randomseed(os.time() * 100 + (tid or 0))
  start = os.time() * 1000
end
request = function()
  counter = counter + 1
  local text = texts[(counter % #texts) + 1]:gsub(" ", "+")
  local rating = (counter % 5 == 4) and 2 or 5
  -- The page's own key: the time in milliseconds, then random bits.
  local key = string.format("%011x-%08x%08x", math.floor(start + counter / 4), math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
  local body = string.format("rating=%d&text=%s&submission=%s&lang=en", rating, text, key)
  return wrk.format("POST", "/f/lisbon/page", {["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "text/html"}, body)
end
