-- Owner-checked lease renewal of a dedup record: only its TTL changes, never its value, so a DONE
-- record never turns back into PROCESSING.
-- KEYS[1] record key; ARGV[1] value the owner wrote ("P:" .. owner token); ARGV[2] new time to
-- live in milliseconds.
-- Returns 1 if the record still held ARGV[1] and its TTL was set, else 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
