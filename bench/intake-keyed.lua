-- wrk script: intake.lua's mix, each item with an Idempotency-Key of its own, as the feedback page's form always has.
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
init = function(args)
  math.randomseed(os.time() * 100 + (tid or 0))
end
request = function()
  counter = counter + 1
  local text = texts[(counter % #texts) + 1]
  local body = string.format('{"location":"lisbon","customer":{"external_id":"guest-%d-%d"},"text":"%s","score":{"value":%d,"scale":"nps"}}',
    math.random(1, 1000000000), counter, text, (counter % 5 == 4) and 3 or 9)
  local key = string.format("k%d-%d-%d", tid or 0, math.random(1, 1000000000), counter)
  return wrk.format("POST", "/v1/feedback",
    {["Authorization"] = "Bearer " .. os.getenv("TOKEN"), ["Content-Type"] = "application/json", ["Idempotency-Key"] = key}, body)
end
