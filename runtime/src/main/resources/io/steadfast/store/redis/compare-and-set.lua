-- Owner-checked transition of N dedup records at once (complete, renew); all keys in one slot.
-- KEYS[i] record key and ARGV[i] the value its owner wrote ("P:" .. owner token), i = 1..N;
-- ARGV[N+1] new value; ARGV[N+2] new time to live in milliseconds.
-- Returns a list: 1 where the record still held ARGV[i] and was replaced, else 0 (expired or
-- taken over).
local n = #KEYS
local value, ttl = ARGV[n + 1], ARGV[n + 2]
local replaced = {}
for i = 1, n do
  if redis.call('GET', KEYS[i]) == ARGV[i] then
    redis.call('SET', KEYS[i], value, 'PX', ttl)
    replaced[i] = 1
  else
    replaced[i] = 0
  end
end
return replaced
