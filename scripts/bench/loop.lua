-- Lua 5.4 twin of loop.mini: globals only, like the Python version.

total = 0
i = 0
while i < 10000000 do
  total = total + i
  i = i + 1
end
print(total)
