-- Settles token buckets, one per key: KEYS[i], with ARGV[4i-3 .. 4i] = tokens per second, capacity, tokens a gateway
-- already let through on its own (taken even below zero: a debt the bucket repays by refilling), and 1 to take one
-- more token now if there is one (0: only settle). Same arithmetic as TokenBucket.java; Redis's clock, so every
-- gateway instance agrees. Returns, per key, {allowed (1|0), retry after in ms, tokens left in thousandths}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local result = {}
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[4 * i - 3]) / 1000
  local capacity = tonumber(ARGV[4 * i - 2])
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = capacity
  if state[1] then
    local elapsed = math.max(0, now - tonumber(state[2]))
    tokens = math.min(capacity, tonumber(state[1]) + elapsed * rate)
  end
  tokens = tokens - tonumber(ARGV[4 * i - 1])
  local allowed = 0
  local retry = 0
  if tonumber(ARGV[4 * i]) == 1 then
    if tokens >= 1 then
      tokens = tokens - 1
      allowed = 1
    else
      retry = math.ceil((1 - tokens) / rate)
    end
  end
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
  -- A bucket that has refilled equals a missing one.
  redis.call('PEXPIRE', key, math.ceil((capacity - tokens) / rate) + 1000)
  table.insert(result, allowed)
  table.insert(result, retry)
  table.insert(result, math.floor(tokens * 1000))
end
return result
