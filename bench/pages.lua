-- wrk script: answers posted to the feedback page's HTML form (/f/lisbon/page), the same mix as intake.lua: about one
-- in five is a complaint that opens a case. Each answer has a submission key of its own, as each form shown does.
local texts = {
  "Lovely stay, friendly staff",
  "Breakfast was great and the view wonderful",
  "Quick check-in, no problem at all",
  "The room was not dirty, just a bit small",
  "The bathroom was dirty and the towels had stains",
}
local counter = 0
local thread_id = 0
setup = function(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
end
request = function()
  counter = counter + 1
  local text = texts[(counter % #texts) + 1]:gsub(" ", "+")
  local rating = (counter % 5 == 4) and 2 or 5
  local body = string.format("rating=%d&text=%s&submission=b%d-%d-%d&lang=en", rating, text, id or 0, math.random(1, 1000000000), counter)
  return wrk.format("POST", "/f/lisbon/page", {["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "text/html"}, body)
end
