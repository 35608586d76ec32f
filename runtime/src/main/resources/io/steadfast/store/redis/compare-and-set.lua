-- Owner-checked transition of a dedup record (complete, renew).
-- KEYS[1] record key; ARGV[1] value the owner wrote ("P:" .. owner token);
-- ARGV[2] new value; ARGV[3] new time to live in milliseconds.
-- Returns 1 if the record still held ARGV[1] and was replaced, else 0 (expired or taken over).
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
