-- wrk script: POST /v1/feedback with a realistic mix; about one item in five is a complaint that opens a case.
local texts = {
  "Lovely stay, friendly staff",
  "Breakfast was great and the view wonderful",
  "Quick check-in, no problem at all",
  "The room was not dirty, just a bit small",
  "The bathroom was dirty and the towels had stains",
}
local counter = 0
request = function()
  counter = counter + 1
  local text = texts[(counter % #texts) + 1]
  local body = string.format('{"location":"lisbon","customer":{"external_id":"guest-%d-%d"},"text":"%s","score":{"value":%d,"scale":"nps"}}',
    math.random(1, 1000000000), counter, text, (counter % 5 == 4) and 3 or 9)
  return wrk.format("POST", "/v1/feedback", {["Authorization"] = "Bearer " .. os.getenv("TOKEN"), ["Content-Type"] = "application/json"}, body)
end
