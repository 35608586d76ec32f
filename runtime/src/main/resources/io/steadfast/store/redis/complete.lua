-- Owner-checked completion of N dedup records; all keys in one hash slot.
-- KEYS[i] record key and ARGV[i] the owner token of its claim, i = 1..N; ARGV[N+1] retention in
-- milliseconds. Values: "P:" .. owner while PROCESSING, "D:" .. owner once DONE.
-- A record PROCESSING by the owner becomes DONE by the owner for the retention; one already DONE
-- by the owner (a retried completion whose first reply was lost) is left as it is.
-- Returns a list: 1 where the record is now DONE by ARGV[i], else 0 (absent: lease expired or
-- released; or another owner's record).
local n = #KEYS
local ttl = ARGV[n + 1]
local done = {}
for i = 1, n do
  local value = redis.call('GET', KEYS[i])
  if value == 'P:' .. ARGV[i] then
    redis.call('SET', KEYS[i], 'D:' .. ARGV[i], 'PX', ttl)
    done[i] = 1
  elseif value == 'D:' .. ARGV[i] then
    done[i] = 1
  else
    done[i] = 0
  end
end
return done
