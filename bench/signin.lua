-- wrk script: POST /v1/sessions with a wrong password for one account, as a flood of sign-in attempts would.
-- Each thread counts the answers by status; done() adds up what the threads counted.
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

request = function()
  return wrk.format("POST", "/v1/sessions", {["Content-Type"] = "application/json"},
    '{"email":"ines@example.com","password":"not-her-password"}')
end

statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + count end
  end
  for status, count in pairs(total) do io.write(string.format("sign-ins answered %d: %d\n", status, count)) end
end
