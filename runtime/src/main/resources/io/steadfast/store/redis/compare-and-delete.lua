-- Owner-checked release of a dedup record.
-- KEYS[1] record key; ARGV[1] value the owner wrote ("P:" .. owner token).
-- Returns 1 if the record still held ARGV[1] and was deleted, else 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
