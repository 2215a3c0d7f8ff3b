-- wrk script: POST /v1/sessions with a wrong password for one account, as a flood of sign-in attempts would.
request = function()
  return wrk.format("POST", "/v1/sessions", {["Content-Type"] = "application/json"},
    '{"email":"ines@example.com","password":"not-her-password"}')
end

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  for status, count in pairs(statuses) do io.write(string.format("sign-ins answered %d: %d\n", status, count)) end
end
